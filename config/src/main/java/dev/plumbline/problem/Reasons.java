package dev.plumbline.problem;

/**
 * The catalogue of reasons: the stable CamelCase words a run, a condition or a failure carries, the same in
 * the status, the CLI, the API, the history, the metrics' {@code reason} label, logs and {@code
 * docs/concepts.md}. A reason says what happened; the condition says what the loop does next (ready, waiting
 * to retry, stalled until new input). Every reason the code uses is a constant here.
 */
public final class Reasons {

    private Reasons() {
    }

    // outcomes of a run

    /** Live state matches Git (after applying, or with nothing to apply). */
    public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
    /** Changes wait for a manual sync: automatic sync is off. */
    public static final String MANUAL_SYNC = "ManualSync";
    /** Live state differs from Git and selfHeal is off: reported, not corrected. */
    public static final String DRIFT_DETECTED = "DriftDetected";
    /** An operator paused the stack. */
    public static final String PAUSED = "Paused";
    /** Another process holds the stack's lease, or the state directory's agent lock. */
    public static final String LOCKED = "Locked";
    /**
     * The run lost its stack's lease (broken by {@code plumbline unlock}, or taken over after it could not
     * renew it), wrote nothing more, and is tried again under a new lease.
     */
    public static final String LEASE_LOST = "LeaseLost";
    /** The agent stopped mid-run. */
    public static final String ABANDONED = "Abandoned";
    /** Not reconciled since the agent has known the stack. */
    public static final String NOT_RECONCILED = "NotReconciled";

    // bad input: stalled until a new commit

    /** A manifest could not be read (YAML, shape, variables). */
    public static final String RENDER_FAILED = "RenderFailed";
    /** Manifests read, but a provider refused a kind or field. */
    public static final String VALIDATION_FAILED = "ValidationFailed";
    /** The stack's path is not a directory at the commit. */
    public static final String PATH_NOT_FOUND = "PathNotFound";
    /** Two resources, or a resource and another stack, claim the same object. */
    public static final String CONFLICT = "Conflict";
    /** A manifest names something it may not (a path outside the root). */
    public static final String UNSAFE_PATH = "UnsafePath";
    /** Two manifests write the same path. */
    public static final String PATH_CONFLICT = "PathConflict";
    /** The object belongs to another stack. */
    public static final String OWNED_BY_ANOTHER_STACK = "OwnedByAnotherStack";
    /** A manifest is not of a shape its provider accepts. */
    public static final String INVALID_MANIFEST = "InvalidManifest";
    /** The agent config is not valid. */
    public static final String INVALID_CONFIG = "InvalidConfig";
    /**
     * A run would delete more of the stack than {@code sync.maxPrunePercent} allows, or everything: nothing
     * is applied until a person lets it through once ({@code --allow-mass-prune}).
     */
    public static final String PRUNE_GUARD = "PruneGuard";
    /** A status page form that needs its "I confirm" box ticked (a rollback, a mass prune) came without it. */
    public static final String CONFIRMATION_NEEDED = "ConfirmationNeeded";
    /** A secret reference cannot be resolved as written. */
    public static final String SECRET_UNRESOLVED = "SecretUnresolved";

    // failures that may pass: retried after a backoff

    /** The source could not be fetched. */
    public static final String FETCH_FAILED = "FetchFailed";
    /** Live state could not be read. */
    public static final String OBSERVE_FAILED = "ObserveFailed";
    /** A change could not be written. */
    public static final String APPLY_FAILED = "ApplyFailed";
    /**
     * A write found no space left on the file system it writes to (or the user's disk quota spent); the
     * message names the path. Retried: it passes once space is freed.
     */
    public static final String DISK_FULL = "DiskFull";
    /**
     * The state store is gone (missing, emptied, another application's or another store's file) where
     * Plumbline has run before: nothing is changed until it is restored.
     */
    public static final String STATE_STORE_LOST = "StateStoreLost";
    /** The state store file is not a database, or fails its integrity check. */
    public static final String STATE_STORE_CORRUPT = "StateStoreCorrupt";
    /** The state store was written by a newer Plumbline than this one. */
    public static final String STATE_STORE_TOO_NEW = "StateStoreTooNew";
    /** The state store itself failed (disk, lock, file). */
    public static final String STATE_STORE_ERROR = "StateStoreError";
    /** A secret could not be read now (an unset variable, a missing file). */
    public static final String SECRET_UNAVAILABLE = "SecretUnavailable";
    /** The target changed between observing and writing; observed again soon. */
    public static final String CONCURRENT_MODIFICATION = "ConcurrentModification";
    /** A target did not answer within a timeout (connect, lock, statement, request); the message names it. */
    public static final String TIMEOUT = "Timeout";
    /** A target refused or never answered a connection. */
    public static final String UNREACHABLE = "Unreachable";
    /** Something the code did not expect; the message says what. */
    public static final String INTERNAL_ERROR = "InternalError";
    /** The agent's schedule stopped firing (its polls, drift checks and heartbeat): {@code /healthz} fails. */
    public static final String SCHEDULER_STOPPED = "SchedulerStopped";

    // sources

    /** A revision (a ref, a SHA, a rollback's commit) is not in the source. */
    public static final String REVISION_NOT_FOUND = "RevisionNotFound";
    /** The local mirror of a source could not be read. */
    public static final String MIRROR_READ_FAILED = "MirrorReadFailed";
    /** A file in a stack's path is larger than a manifest may be. */
    public static final String FILE_TOO_LARGE = "FileTooLarge";

    // webhooks

    /** The body is not a push event of a known Git host's shape. */
    public static final String MALFORMED_WEBHOOK = "MalformedWebhook";
    /** A webhook came without the signature its source's secret asks for. */
    public static final String MISSING_SIGNATURE = "MissingSignature";
    /** A webhook's signature header is not of the host's shape. */
    public static final String MALFORMED_SIGNATURE = "MalformedSignature";
    /** A webhook's signature does not match its body. */
    public static final String BAD_SIGNATURE = "BadSignature";
    /** A request is larger than the agent accepts. */
    public static final String TOO_LARGE = "TooLarge";
    /** A webhook is of no Git host the agent knows. */
    public static final String UNKNOWN_HOST = "UnknownHost";
    /** A webhook's body could not be read as its host's push event. */
    public static final String MALFORMED_PAYLOAD = "MalformedPayload";

    // the admin API and the operations it offers

    /** No such stack, source or path. */
    public static final String NOT_FOUND = "NotFound";
    /** No valid token came with the request. */
    public static final String UNAUTHORIZED = "Unauthorized";
    /** The token's role may not do this. */
    public static final String FORBIDDEN = "Forbidden";
    /** The source has not been fetched since the agent started. */
    public static final String NOT_FETCHED = "NotFetched";
    /** A rollback named something that is not a full commit SHA. */
    public static final String INVALID_REVISION = "InvalidRevision";
    /** A request body is not JSON. */
    public static final String INVALID_JSON = "InvalidJson";
    /** A {@code limit} outside its range. */
    public static final String INVALID_LIMIT = "InvalidLimit";
    /** A request the HTTP server cannot read (a malformed path or header). */
    public static final String BAD_REQUEST = "BadRequest";
    /** The path exists, but not for this HTTP method. */
    public static final String METHOD_NOT_ALLOWED = "MethodNotAllowed";
    /** Too many failed authentications from one address: wait for the answer's Retry-After. */
    public static final String RATE_LIMITED = "RateLimited";

    // the command line and its client

    /** The command line is not one the CLI accepts. */
    public static final String USAGE_ERROR = "UsageError";
    /** The config has no stack of that name. */
    public static final String UNKNOWN_STACK = "UnknownStack";
    /** {@code --config} given to a command that asks a running agent. */
    public static final String CONFIG_WITH_SERVER = "ConfigWithServer";
    /** Two stacks named where one is meant. */
    public static final String TWO_STACKS = "TwoStacks";
    /** The agent's address is not an http(s) URL. */
    public static final String BAD_SERVER_URL = "BadServerUrl";
    /** The token file is missing, unreadable or empty. */
    public static final String BAD_TOKEN_FILE = "BadTokenFile";
    /** The agent did not answer. */
    public static final String NO_ANSWER = "NoAnswer";
    /** The agent answered something the client cannot read. */
    public static final String BAD_RESPONSE = "BadResponse";
    /** {@code --wait} ran out before the run ended. */
    public static final String WAIT_TIMED_OUT = "WaitTimedOut";
    /** A stack that waits for health ({@code sync.healthTimeout}): an object still on its way after the wait. */
    public static final String PROGRESSING = "Progressing";
    /** A stack that waits for health: an object that will not get there without help (a failed Job). */
    public static final String DEGRADED = "Degraded";

    // the providers' own

    /** The etcd cluster failed a read or a transaction. */
    public static final String ETCD_FAILED = "EtcdFailed";
    /** A stack's changes are more than one etcd transaction may hold. */
    public static final String TRANSACTION_TOO_LARGE = "TransactionTooLarge";
    /** PostgreSQL refused a statement; the message carries its SQLSTATE. */
    public static final String POSTGRES_ERROR = "PostgresError";
    /** A database has live sessions and is kept (see {@code dropWithConnections}). */
    public static final String DATABASE_IN_USE = "DatabaseInUse";
    /** A database does not allow connections. */
    public static final String DATABASE_CLOSED = "DatabaseClosed";
    /** The files provider's ownership record of a file could not be read. */
    public static final String LEDGER_UNREADABLE = "LedgerUnreadable";
}
