package dev.plumbline.agent.client;

/**
 * Canned admin API answers, shaped as docs/api.md shows them: two stacks ({@code web} ready, {@code db}
 * drifted, paused and pinned), a history, plans with and without changes and one that failed to render,
 * and the answers of sync, pause, resume and rollback.
 */
final class ApiFixtures {

    static final String WEB_SHA = "ca84d1343b96baa8137c943ed1860e522cacb238";
    static final String DB_SHA = "0352a8acc949c7df21fec16e566ba9a74e797a97";
    static final String PINNED_SHA = "d145a2a905bc39aefaf27622d8a008651c4f7b84";
    static final String REQUEST_ID = "0001764000000000-3a9c";
    static final String OLDER_REQUEST_ID = "0001763999999999-0001";
    static final String DB_MESSAGE = "2 resources differ from revision main@0352a8a: File site-conf (spec.content),"
            + " File robots (spec.mode)";

    private ApiFixtures() {
    }

    static String error(String reason, String message) {
        return """
                { "error": { "reason": "%s", "message": "%s" } }""".formatted(reason, message);
    }

    static String web(String readyStatus, String readyReason, String lastHandledRequest) {
        return """
                {
                  "name": "web", "source": "infra", "path": "stacks/web", "provider": "local",
                  "sync": { "auto": true, "prune": true, "selfHeal": false },
                  "paused": false, "pinnedRevision": null,
                  "conditions": [
                    { "type": "Ready", "status": "%s", "reason": "%s", "message": "applied revision main@ca84d13" },
                    { "type": "Reconciling", "status": "False", "reason": "Idle", "message": "" },
                    { "type": "Stalled", "status": "False", "reason": "", "message": "" }
                  ],
                  "lastAttempted": { "revision": "%s", "at": "2026-11-24T10:00:00Z", "author": "Ada <ada@example.org>",
                                     "message": "Move to 8080\\n\\nThe old port clashed.", "committedAt": "2026-11-24T09:59:58Z" },
                  "lastApplied": { "revision": "%s", "at": "2026-11-24T10:00:01Z", "author": "Ada <ada@example.org>",
                                   "message": "Move to 8080", "committedAt": "2026-11-24T09:59:58Z" },
                  "drifted": 0,
                  "nextRun": "2026-11-24T10:05:01Z",
                  "lastRequest": "%s",
                  "lastHandledRequest": "%s"
                }""".formatted(readyStatus, readyReason, WEB_SHA, WEB_SHA, REQUEST_ID, lastHandledRequest);
    }

    static final String DB = """
            {
              "name": "db", "source": "infra", "path": "stacks/db", "provider": "postgres",
              "sync": { "auto": true, "prune": false, "selfHeal": false },
              "paused": true, "pinnedRevision": "%s",
              "conditions": [
                { "type": "Ready", "status": "False", "reason": "DriftDetected", "message": "%s" }
              ],
              "lastAttempted": null,
              "lastApplied": { "revision": "%s", "at": "2026-11-24T09:00:00Z", "author": "Bo <bo@example.org>",
                               "message": "Add robots", "committedAt": "2026-11-24T08:59:00Z" },
              "drifted": 2, "nextRun": null, "lastRequest": null, "lastHandledRequest": null
            }""".formatted(PINNED_SHA, DB_MESSAGE, DB_SHA);

    static final String STACKS = "{ \"stacks\": [ " + web("True", "ReconciliationSucceeded", REQUEST_ID) + ", "
            + DB + " ] }";

    static final String HISTORY = """
            { "stack": "web", "runs": [
              { "id": 12, "revision": "%s", "trigger": "webhook", "triggerDetail": "delivery-7",
                "startedAt": "2026-11-24T10:00:00.250Z", "finishedAt": "2026-11-24T10:00:00.662Z", "durationMs": 412,
                "result": "applied", "reason": "ReconciliationSucceeded", "message": "applied 1 change",
                "created": 1, "updated": 2, "deleted": 3, "unchanged": 4 },
              { "id": 11, "revision": "%s", "trigger": "poll", "triggerDetail": "",
                "startedAt": "2026-11-24T09:00:00Z", "finishedAt": "2026-11-24T09:01:05Z", "durationMs": 65000,
                "result": "failed", "reason": "ApplyFailed", "message": "%s",
                "created": 0, "updated": 0, "deleted": 0, "unchanged": 5 }
            ] }""".formatted(WEB_SHA, DB_SHA, "x".repeat(100));

    static final String PLAN_WITH_CHANGES = """
            {
              "stack": "web", "revision": "%s", "hasChanges": true,
              "summary": { "create": 1, "update": 1, "delete": 1, "orphaned": 1, "unchanged": 3 },
              "changes": [
                { "action": "create", "resource": "File robots",
                  "key": { "provider": "local", "group": "files.plumbline.dev", "kind": "File", "namespace": "", "name": "robots" },
                  "source": "stacks/web/robots.yaml:1:1", "fields": [],
                  "diff": "--- live\\n+++ desired\\n@@ -1,0 +1,1 @@\\n+content: hi" },
                { "action": "update", "resource": "File site-conf",
                  "key": { "provider": "local", "group": "files.plumbline.dev", "kind": "File", "namespace": "", "name": "site-conf" },
                  "source": "stacks/web/site.yaml:1:1", "liveRevision": "%s",
                  "fields": [ { "path": "spec.content", "change": "changed", "live": "a", "desired": "b",
                                "source": "stacks/web/site.yaml:6:12" } ],
                  "diff": "--- live\\n+++ desired\\n@@ -1,1 +1,1 @@\\n-content: a\\n+content: b" },
                { "action": "delete", "resource": "File old", "key": {}, "source": null, "liveRevision": "%s",
                  "fields": [], "diff": "--- live\\n+++ desired\\n@@ -1,1 +1,0 @@\\n-content: old" },
                { "action": "orphaned", "resource": "File kept", "key": {}, "source": null, "fields": [], "diff": "" },
                { "action": "unchanged", "resource": "File same", "key": {}, "source": "stacks/web/same.yaml:1:1",
                  "fields": [], "diff": "" }
              ],
              "problems": []
            }""".formatted(WEB_SHA, DB_SHA, DB_SHA);

    static final String PLAN_NO_CHANGES = """
            { "stack": "web", "revision": "%s", "hasChanges": false,
              "summary": { "create": 0, "update": 0, "delete": 0, "orphaned": 0, "unchanged": 3 },
              "changes": [], "problems": [] }""".formatted(WEB_SHA);

    static final String PLAN_RENDER_FAILED = """
            { "stack": "web", "error": { "reason": "RenderFailed", "message": "2 problems",
              "problems": [ { "source": "stacks/web/site.yaml:3:5", "message": "unknown field 'contnet'" },
                            { "source": "stacks/web/robots.yaml:1:1", "message": "kind is missing" } ] } }""";

    static final String SYNC = """
            { "stack": "web", "requestId": "%s", "hard": false }""".formatted(REQUEST_ID);

    static final String HARD_SYNC = """
            { "stack": "web", "requestId": "%s", "hard": true }""".formatted(REQUEST_ID);

    static final String PAUSE = """
            { "stack": "web", "paused": true, "pinnedRevision": null }""";

    static final String RESUME = """
            { "stack": "web", "paused": false, "pinnedRevision": null, "requestId": "%s" }""".formatted(REQUEST_ID);

    static final String ROLLBACK = """
            { "stack": "web", "pinnedRevision": "%s", "requestId": "%s" }""".formatted(PINNED_SHA, REQUEST_ID);
}
