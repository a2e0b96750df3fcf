package dev.plumbline.agent.admin;

import dev.plumbline.agent.operate.Operations;
import dev.plumbline.agent.operate.Refusal;
import dev.plumbline.agent.page.PageModel;
import dev.plumbline.config.AdminConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.Condition;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.problem.Reasons;
import dev.plumbline.snapshot.CommitInfo;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page, served by the agent at {@code /} on the admin listener: server-rendered HTML (templates in
 * {@code src/main/jte}, compiled at build time and escaped by context), a stylesheet, a script that only
 * improves it, and an icon, all from the agent's jar. Signing in takes a viewer or operator token once
 * ({@code POST /login}) and keeps a session cookie ({@link PageSessions}); the token is never kept, shown or
 * logged. Every form that changes something carries the session's CSRF token; a viewer's session sees no
 * action and its POSTs are refused (403) and audited. The actions call the same {@link Operations} as the API
 * and the CLI, and are audited as the API's are.
 */
final class StatusPage {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);

    static final String COOKIE = "plumbline_session";
    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self'; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> ASSETS = Map.of(
            "page.css", "text/css; charset=utf-8",
            "page.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int RESOURCES_SHOWN = 500;
    private static final int RUNS_SHOWN = 30;

    private final Operations operations;
    private final Tokens tokens;
    private final FailedAuthLimit limit;
    private final DeniedRequests denied;
    private final PageSessions sessions;
    private final Clock clock;
    private final boolean https;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    /** By session CSRF token: the sentence to show once on the next page (the outcome of an action). */
    private final Map<String, Flash> flashes = new java.util.concurrent.ConcurrentHashMap<>();

    private record Flash(String text, boolean error) {
    }

    StatusPage(Operations operations, Tokens tokens, FailedAuthLimit limit, DeniedRequests denied, Clock clock,
               boolean https) {
        this.operations = operations;
        this.tokens = tokens;
        this.limit = limit;
        this.denied = denied;
        this.sessions = new PageSessions(clock);
        this.clock = clock;
        this.https = https;
    }

    // --- signing in and out

    void overview(Context ctx) {
        Optional<PageSessions.Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        String condition = Optional.ofNullable(ctx.queryParam("condition")).filter(PageModel.CONDITIONS::contains)
                .orElse("");
        String query = Optional.ofNullable(ctx.queryParam("q")).map(String::strip).orElse("");
        render(ctx, 200, "overview.jte", Map.of("user", user(session.get()), "rows", rows(condition, query),
                "condition", condition, "query", query));
    }

    /** The overview's table body alone, for the script that refreshes it. */
    void rowsFragment(Context ctx) {
        if (session(ctx).isEmpty()) {
            ctx.status(401).contentType("text/plain; charset=utf-8").result("sign in again\n");
            return;
        }
        String condition = Optional.ofNullable(ctx.queryParam("condition")).filter(PageModel.CONDITIONS::contains)
                .orElse("");
        String query = Optional.ofNullable(ctx.queryParam("q")).map(String::strip).orElse("");
        render(ctx, 200, "rows.jte", Map.of("rows", rows(condition, query)));
    }

    void loginForm(Context ctx) {
        if (session(ctx).isPresent()) {
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        render(ctx, 200, "login.jte", Map.of());
    }

    void login(Context ctx) {
        String address = ctx.ip();
        Optional<Duration> wait = limit.wait(address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            denied.denied(address, "POST", "/login", DeniedRequests.RATE_LIMITED, 429);
            render(ctx, 429, "login.jte", Map.of("error", "Too many attempts from this address; try again in "
                    + seconds + " s."));
            return;
        }
        Optional<Caller> caller = tokens.token(ctx.formParam("token"));
        if (caller.isEmpty()) {
            limit.failed(address);
            denied.denied(address, "POST", "/login", DeniedRequests.UNAUTHENTICATED, 401);
            operations.audited("anonymous", "login", "page", 401, "refused: not a token of admin.tokens");
            LOG.info("status page: a sign-in from {} was refused", address);
            render(ctx, 401, "login.jte", Map.of("error", "That is not a token of this agent."));
            return;
        }
        String id = sessions.start(caller.get());
        Cookie cookie = new Cookie(COOKIE, id, "/", (int) PageSessions.LIFETIME.toSeconds(), https, true, null,
                SameSite.STRICT);
        ctx.cookie(cookie);
        operations.audited(caller.get().name(), "login", "page", 303, "signed in to the status page");
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        Optional<PageSessions.Session> session = session(ctx);
        if (session.isPresent() && PageSessions.csrfMatches(session.get(), ctx.formParam("csrf"))) {
            sessions.end(ctx.cookie(COOKIE));
            flashes.remove(session.get().csrf());
        }
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, https, true, null, SameSite.STRICT));
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // --- a stack

    void stack(Context ctx) {
        Optional<PageSessions.Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        StackConfig stack;
        try {
            stack = operations.stack(ctx.pathParam("name"));
        } catch (Refusal refusal) {
            render(ctx, 404, "overview.jte", Map.of("user", user(session.get()), "rows", rows("", ""),
                    "condition", "", "query", "", "flash", refusal.getMessage()));
            return;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("user", user(session.get()));
        params.put("page", page(stack));
        Flash flash = flashes.remove(session.get().csrf());
        if (flash != null) {
            params.put("flash", flash.text());
            params.put("error", flash.error());
        }
        render(ctx, 200, "stack.jte", params);
    }

    /**
     * An operator's action from the page: {@code sync}, {@code pause}, {@code resume} or {@code rollback}. A POST
     * without a session goes to sign-in; one without the session's CSRF token, or from a viewer, is refused (403)
     * and audited; the action itself is audited as the API's is. The answer leads back to the stack's page, which
     * says what happened.
     */
    void act(Context ctx) {
        Optional<PageSessions.Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Caller caller = session.get().caller();
        String name = ctx.pathParam("name");
        String action = ctx.pathParam("action");
        String target = "stack/" + dev.plumbline.agent.telemetry.LogText.escape(
                dev.plumbline.agent.telemetry.LogText.clip(name, Guard.TARGET_CHARS));
        if (!Set.of("sync", "pause", "resume", "rollback").contains(action)) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no such action\n");
            return;
        }
        if (!PageSessions.csrfMatches(session.get(), ctx.formParam("csrf"))) {
            operations.audited(caller.name(), action, target, 403, "refused: the form's CSRF token is missing or wrong");
            ctx.status(403).contentType("text/plain; charset=utf-8").result("refused: this form is not from this"
                    + " session's page\n");
            return;
        }
        if (!caller.may(AdminConfig.Role.OPERATOR)) {
            denied.denied(ctx.ip(), "POST", ctx.path(), DeniedRequests.FORBIDDEN, 403);
            operations.audited(caller.name(), action, target, 403, "refused: the token's role is "
                    + caller.role().name().toLowerCase(Locale.ROOT) + "; " + action + " needs operator");
            ctx.status(403).contentType("text/plain; charset=utf-8").result("refused: a viewer may not " + action
                    + "\n");
            return;
        }
        int status = 303;
        String result;
        Flash flash;
        try {
            result = switch (action) {
                case "sync" -> sync(name, ctx);
                case "pause" -> {
                    operations.pause(name);
                    yield "paused";
                }
                case "resume" -> {
                    operations.resume(name);
                    yield "resumed, unpinned";
                }
                default -> rollback(name, ctx);
            };
            flash = new Flash(done(action, result), false);
        } catch (Refusal refusal) {
            ApiError error = ApiError.of(refusal);
            status = error.status();
            result = error.reason() + ": " + error.getMessage();
            flash = new Flash(error.getMessage(), true);
        }
        String recorded = dev.plumbline.agent.telemetry.LogText.escape(
                dev.plumbline.agent.telemetry.LogText.clip(result, Guard.RESULT_CHARS));
        operations.audited(caller.name(), action, target, status, recorded);
        LOG.info("{} {} {} (status page): {} ({})", caller.name(), action, target, recorded, status);
        flashes.put(session.get().csrf(), flash);
        ctx.redirect("/stacks/" + operations.stack(name).name(), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private String sync(String name, Context ctx) {
        boolean hard = "true".equals(ctx.formParam("hard"));
        boolean massPrune = "true".equals(ctx.formParam("allowMassPrune"));
        if (massPrune && !"yes".equals(ctx.formParam("confirm"))) {
            throw Refusal.invalid(Reasons.CONFIRMATION_NEEDED, "tick \"I confirm\" to let this sync through the prune"
                    + " guard; nothing was requested");
        }
        Operations.Requested requested = operations.sync(name, hard, massPrune);
        return "requested " + requested.requestId() + (hard ? " (hard)" : "") + (massPrune ? " (mass prune allowed"
                + " once)" : "");
    }

    private String rollback(String name, Context ctx) {
        if (!"yes".equals(ctx.formParam("confirm"))) {
            throw Refusal.invalid(Reasons.CONFIRMATION_NEEDED, "tick \"I confirm the rollback\" to roll back; nothing"
                    + " was changed");
        }
        Operations.Requested requested = operations.rollback(name, ctx.formParam("revision"));
        return "pinned to " + requested.control().pinnedRevision().orElseThrow();
    }

    private static String done(String action, String result) {
        return switch (action) {
            case "sync" -> "Sync requested (" + result + ").";
            case "pause" -> "Paused: nothing is applied until the stack is resumed.";
            case "resume" -> "Resumed: the stack follows its branch again.";
            default -> "Rolled back: " + result + ". New commits wait until the stack is resumed.";
        };
    }

    // --- assets

    void asset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no such file\n");
            return;
        }
        try (InputStream in = StatusPage.class.getResourceAsStream("/dev/plumbline/agent/page/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the agent's jar lacks its status page's " + file);
            }
            ctx.header("Cache-Control", "max-age=300").header("X-Content-Type-Options", "nosniff").contentType(type)
                    .result(in.readAllBytes());
        }
    }

    // --- models

    private Optional<PageSessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(COOKIE));
    }

    private static PageModel.User user(PageSessions.Session session) {
        Caller caller = session.caller();
        return new PageModel.User(caller.name(), caller.role().name().toLowerCase(Locale.ROOT),
                caller.may(AdminConfig.Role.OPERATOR), session.csrf());
    }

    private List<PageModel.StackRow> rows(String condition, String query) {
        List<PageModel.StackRow> rows = new ArrayList<>();
        for (StackConfig stack : operations.stacks()) {
            if (!query.isEmpty() && !stack.name().contains(query.toLowerCase(Locale.ROOT))) {
                continue;
            }
            PageModel.StackRow row = row(stack);
            if (condition.isEmpty() || row.condition().equals(condition)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private PageModel.StackRow row(StackConfig stack) {
        String name = stack.name();
        Optional<StackStatus> status = operations.status(name);
        StackControl control = operations.control(name);
        String condition;
        String reason;
        String message;
        if (control.paused()) {
            condition = "paused";
            reason = Reasons.PAUSED;
            message = "paused by an operator; nothing is applied until it is resumed";
        } else if (status.isEmpty()) {
            condition = operations.busy(name) ? "progressing" : "unknown";
            reason = Reasons.NOT_RECONCILED;
            message = "not reconciled yet";
        } else {
            condition = operations.busy(name) ? "progressing"
                    : Condition.of(status.get().condition()).word().toLowerCase(Locale.ROOT);
            reason = status.get().reason();
            message = status.get().message();
        }
        String applied = status.map(StackStatus::lastAppliedRevision).orElse(null);
        Optional<String> head = operations.sourceHead(name);
        PageModel.Revision waiting = head.filter(sha -> !sha.equals(applied) && control.pinnedRevision().isEmpty())
                .map(sha -> revision(name, sha, null)).orElse(null);
        return new PageModel.StackRow(name, condition, reason, message,
                applied == null ? null : revision(name, applied, status.get().lastAppliedAt()),
                status.map(StackStatus::drifted).orElse(0), waiting,
                status.map(StackStatus::lastAttemptedAt).map(this::ago).orElse("never"),
                operations.nextRun(name).map(this::in).orElse("not scheduled"), control.paused(),
                control.pinnedRevision().map(StatusPage::shortSha).orElse(null));
    }

    private PageModel.Revision revision(String stack, String sha, Instant at) {
        Optional<CommitInfo> commit = operations.commit(stack, sha);
        return new PageModel.Revision(sha, shortSha(sha), operations.commitLink(stack, sha).orElse(null),
                commit.map(CommitInfo::authorName).orElse(""), commit.map(CommitInfo::subject).orElse(""),
                at == null ? "" : "applied " + ago(at));
    }

    private PageModel.StackPage page(StackConfig stack) {
        String name = stack.name();
        PageModel.StackRow row = row(stack);
        PlanDocument plan = operations.plan(name);
        String planError = plan.error().map(f -> f.reason() + ": " + f.message()).orElse(null);
        List<String> problems = new ArrayList<>();
        plan.error().ifPresent(f -> f.problems().forEach(p -> problems.add(p.toString())));
        plan.problems().forEach(p -> problems.add(p.toString()));
        Optional<String> appliedSha = operations.status(name).map(StackStatus::lastAppliedRevision);
        boolean atApplied = plan.revision().isPresent() && plan.revision().equals(appliedSha);
        List<PageModel.Change> pending = new ArrayList<>();
        List<PageModel.Change> drift = new ArrayList<>();
        List<PageModel.Resource> resources = new ArrayList<>();
        for (PlanDocument.Change change : plan.changes()) {
            if (resources.size() < RESOURCES_SHOWN) {
                resources.add(new PageModel.Resource(change.resource(), change.source().orElse(""),
                        change.liveRevision().map(StatusPage::shortSha).orElse(""), change.action() == Action.NOOP
                        ? "unchanged" : change.action().word()));
            }
            if (change.action() == Action.NOOP) {
                continue;
            }
            PageModel.Change shown = new PageModel.Change(change.action().word(), change.resource(),
                    change.source().orElse(null), change.liveRevision().map(StatusPage::shortSha).orElse(null),
                    change.fields().stream().map(f -> new PageModel.Field(f.path(), f.change(),
                            f.source().orElse(null), f.sensitive())).toList(), change.diff());
            (atApplied ? drift : pending).add(shown);
        }
        List<RunRecord> history = operations.history(name, 100);
        List<PageModel.Run> runs = history.stream().limit(RUNS_SHOWN).map(this::run).toList();
        Set<String> seen = new LinkedHashSet<>();
        List<PageModel.Target> targets = new ArrayList<>();
        for (RunRecord run : history) {
            if (run.revision() != null && ("applied".equals(run.result()) || "unchanged".equals(run.result()))
                    && seen.add(run.revision())) {
                Optional<CommitInfo> commit = operations.commit(name, run.revision());
                targets.add(new PageModel.Target(run.revision(), shortSha(run.revision()) + " "
                        + commit.map(CommitInfo::subject).orElse("") + " (" + ago(run.startedAt()) + ")"));
            }
        }
        String target = "stack/" + name;
        List<PageModel.Audit> audit = operations.audit(500).stream().filter(e -> e.target().equals(target)).limit(30)
                .map(e -> new PageModel.Audit(TIME.format(e.at()), e.actor(), e.action(), e.status(), e.result()))
                .toList();
        boolean held = operations.status(name).map(s -> Reasons.PRUNE_GUARD.equals(s.reason())).orElse(false);
        return new PageModel.StackPage(row, plan.revision().map(StatusPage::shortSha).orElse(null), planError,
                problems, plan.error().isPresent() ? null : plan.summary().text(), pending, drift, resources,
                plan.changes().size(), runs, audit, targets, held);
    }

    private PageModel.Run run(RunRecord run) {
        String counts = run.created() + " created, " + run.updated() + " updated, " + run.deleted() + " deleted";
        return new PageModel.Run(run.id(), TIME.format(run.startedAt()), run.trigger(),
                run.triggerDetail() == null ? "" : run.triggerDetail(),
                run.revision() == null ? "" : shortSha(run.revision()), run.result(), run.reason(), run.message(),
                run.finishedAt() == null ? "running" : run.duration().toMillis() + " ms", counts);
    }

    private void render(Context ctx, int status, String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        templates.render(template, params, output);
        ctx.status(status).header("Content-Security-Policy", SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin").header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8").result(output.toString());
    }

    private String ago(Instant at) {
        Duration age = Duration.between(at, clock.instant());
        return age.isNegative() || age.toSeconds() < 5 ? "just now" : span(age) + " ago";
    }

    private String in(Instant at) {
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() || wait.toSeconds() < 5 ? "now" : "in " + span(wait);
    }

    private static String span(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " d";
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
