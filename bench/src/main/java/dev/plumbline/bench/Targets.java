package dev.plumbline.bench;

import dev.plumbline.bench.Figure.Spec;
import java.util.List;

/**
 * Every figure of the bench with the target issue 10 sets for it, in the order the table prints them. A
 * ratio is Plumbline's value over the baseline measured beside it in the same run; see docs/benchmarks.md
 * for what each baseline is.
 */
public final class Targets {

    /** A no-op drift check in the running agent at 10,000 files: at most 1.5x the raw read (warm JVM). */
    public static final Spec DRIFT_10K = new Spec("drift_check_10k_seconds", "s", 1.5, Check.RATIO_AT_MOST);
    /** The same at 100,000 files (the agent with {@code -Xmx512m}). */
    public static final Spec DRIFT_100K = new Spec("drift_check_100k_seconds", "s", 1.5, Check.RATIO_AT_MOST);
    /** The 100,000-file check over the 10,000-file one: at most 11x. */
    public static final Spec DRIFT_SCALING = new Spec("drift_check_100k_over_10k", "s", 11, Check.RATIO_AT_MOST);
    /** A no-op {@code plumbline plan} at 10,000 files, JVM start included: at most 3x a fresh JVM's raw read. */
    public static final Spec PLAN_10K = new Spec("plan_cli_10k_seconds", "s", 3, Check.RATIO_AT_MOST);
    /** An initial {@code plumbline apply} of 10,000 files: at most 2x a fresh JVM's atomic-write loop. */
    public static final Spec APPLY_10K = new Spec("apply_cli_10k_seconds", "s", 2, Check.RATIO_AT_MOST);
    /** The agent's heap after a full GC, holding 100,000 files with {@code -Xmx512m}: at most 256 MiB. */
    public static final Spec HEAP_100K = new Spec("heap_after_gc_100k_mib", "MiB", 256, Check.VALUE_AT_MOST);
    /** The agent's resident set at 10,000 files with the launcher's defaults: at most 400 MiB. */
    public static final Spec RSS_10K = new Spec("rss_10k_mib", "MiB", 400, Check.VALUE_AT_MOST);
    /** {@code plumbline --help}: at most 0.8 s wall (a hello-world JVM beside it). */
    public static final Spec CLI_HELP = new Spec("cli_help_seconds", "s", 0.8, Check.VALUE_AT_MOST);
    /** {@code plumbline status} against the running agent: at most 0.8 s wall (a hello-world JVM beside it). */
    public static final Spec CLI_STATUS = new Spec("cli_status_seconds", "s", 0.8, Check.VALUE_AT_MOST);
    /** Manifest files parsed for a commit that changes one of 10,000: exactly 1. */
    public static final Spec PARSED_ONE = new Spec("parsed_files_one_change_10k", "files", 1, Check.VALUE_EXACTLY);
    /** A one-file push by webhook to live, p50, at 10,000 files: at most 3x git fetch plus one file write. */
    public static final Spec PUSH_P50 = new Spec("push_to_live_p50_10k_seconds", "s", 3, Check.RATIO_AT_MOST);
    /** A stack of 10,000 etcd keys applied: at least 0.7x the throughput of a raw jetcd loop. */
    public static final Spec ETCD = new Spec("etcd_apply_10k_keys_per_second", "keys/s", 0.7, Check.RATIO_AT_LEAST);
    /** 1,000 PostgreSQL roles with a grant each applied: at least 0.7x the throughput of a raw JDBC loop. */
    public static final Spec POSTGRES = new Spec("postgres_apply_1k_roles_per_second", "roles/s", 0.7,
            Check.RATIO_AT_LEAST);

    public static final List<Spec> ALL = List.of(DRIFT_10K, DRIFT_100K, DRIFT_SCALING, PLAN_10K, APPLY_10K, HEAP_100K,
            RSS_10K, CLI_HELP, CLI_STATUS, PARSED_ONE, PUSH_P50, ETCD, POSTGRES);

    private Targets() {
    }
}
