package dev.plumbline.agent.admin;

import dev.plumbline.config.AdminConfig;

/**
 * Who called the API: the name of the token presented (what the audit log records) and its role. A request
 * without a valid token has no caller: it is refused before any handler or the audit log sees it.
 */
record Caller(String name, AdminConfig.Role role) {

    boolean may(AdminConfig.Role needed) {
        return role == AdminConfig.Role.OPERATOR || needed == AdminConfig.Role.VIEWER;
    }
}
