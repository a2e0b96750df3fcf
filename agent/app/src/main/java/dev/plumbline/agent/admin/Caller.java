package dev.plumbline.agent.admin;

import dev.plumbline.config.AdminConfig;

/** Who called the API: the name of the token presented (what the audit log records) and its role. */
record Caller(String name, AdminConfig.Role role) {

    static final Caller ANONYMOUS = new Caller("anonymous", null);

    boolean may(AdminConfig.Role needed) {
        return role != null && (role == AdminConfig.Role.OPERATOR || needed == AdminConfig.Role.VIEWER);
    }
}
