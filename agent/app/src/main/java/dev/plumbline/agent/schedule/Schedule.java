package dev.plumbline.agent.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic tasks on Quartz (in memory for now; the clustered JDBC job store later shares them between
 * agents). Each task runs at its interval with jitter: after every run, the next fire time is drawn anew
 * within ±{@code jitter} of the interval, so that many sources do not poll in lock step. A task never
 * runs twice at once, and whatever it throws, an {@link Error} included, ends that run only.
 *
 * <p>Liveness: the schedule keeps a task of its own, a heartbeat every {@link #HEARTBEAT}, and knows when
 * each task is due. {@link #notFiring} says why the schedule is not alive: Quartz stopped, or a task (the
 * heartbeat first) not started more than six heartbeats after it was due, as when Quartz's thread died or
 * all its workers are stuck. A task counts as fired once it starts, however long it runs.
 */
public final class Schedule implements AutoCloseable {

    /** How often the schedule's own heartbeat task fires. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** The id of the heartbeat task. */
    public static final String HEARTBEAT_TASK = "heartbeat";

    private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);
    private static final String TASKS = "plumbline.tasks";

    /** A task, its interval and jitter fraction. */
    private record Task(Runnable body, Duration interval, double jitter) {
    }

    private final Scheduler scheduler;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    /** When each task that is not running is due to start. */
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration heartbeat;
    /** How late a task may start before the schedule counts as not firing: six heartbeats. */
    private final Duration grace;

    public Schedule(String name, int threads, Clock clock) {
        this(name, threads, clock, HEARTBEAT);
    }

    /** As above, with the heartbeat every {@code heartbeat} (tests use a short one). */
    Schedule(String name, int threads, Clock clock, Duration heartbeat) {
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.grace = heartbeat.multipliedBy(6);
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", name);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties);
            scheduler = factory.getScheduler();
            scheduler.getContext().put(TASKS, this);
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
        every(HEARTBEAT_TASK, heartbeat, Duration.ZERO, 0, () -> { }); // its firing is the beat
    }

    /** Runs {@code body} first after {@code firstDelay}, then every {@code interval} ± {@code jitter}. */
    public void every(String id, Duration interval, Duration firstDelay, double jitter, Runnable body) {
        tasks.put(id, new Task(body, interval, jitter));
        due.put(id, clock.instant().plus(firstDelay));
        JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(id).usingJobData("task", id)
                .storeDurably().build();
        try {
            scheduler.scheduleJob(job, trigger(id, firstDelay));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + id + ": " + e.getMessage(), e);
        }
    }

    private Trigger trigger(String id, Duration delay) {
        return TriggerBuilder.newTrigger().withIdentity(id).forJob(id)
                .startAt(Date.from(clock.instant().plus(delay))).build();
    }

    /** A task starts: until it has run, it is not late. */
    private void starting(String id) {
        due.remove(id);
    }

    /** A task ran: draws its next fire time; a task that could not be scheduled again shows as late. */
    private void ran(String id) {
        Task task = tasks.get(id);
        long millis = task.interval().toMillis();
        long spread = (long) (millis * task.jitter());
        long next = spread == 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        Duration delay = Duration.ofMillis(Math.max(next, 1));
        due.put(id, clock.instant().plus(delay));
        try {
            if (!scheduler.isShutdown()) {
                scheduler.rescheduleJob(TriggerKey.triggerKey(id), trigger(id, delay));
            }
        } catch (SchedulerException | RuntimeException e) {
            LOG.warn("cannot schedule the next run of {}: {}", id, e.getMessage());
        }
    }

    /**
     * Why the schedule is not firing its tasks, in a sentence; empty while it is alive. It is not when Quartz
     * is shut down or on standby, or when a task has not started more than six heartbeats after it was due.
     */
    public Optional<String> notFiring() {
        try {
            if (scheduler.isShutdown() || scheduler.isInStandbyMode()) {
                return Optional.of("the scheduler is stopped");
            }
        } catch (SchedulerException e) {
            return Optional.of("the scheduler cannot say whether it runs: " + e.getMessage());
        }
        Instant now = clock.instant();
        List<String> late = new ArrayList<>();
        due.forEach((id, at) -> {
            if (Duration.between(at, now).compareTo(grace) > 0) {
                late.add(id + " (due " + Duration.between(at, now).toSeconds() + "s ago)");
            }
        });
        if (late.isEmpty()) {
            return Optional.empty();
        }
        Collections.sort(late);
        return Optional.of("the scheduler has stopped firing: " + String.join(", ", late) + " did not start"
                + " (the heartbeat is due every " + seconds(heartbeat) + ", a task may start " + seconds(grace)
                + " late)");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** When the task fires next, if it is scheduled. */
    public java.util.Optional<java.time.Instant> nextRun(String id) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(id));
            return trigger == null || trigger.getNextFireTime() == null ? java.util.Optional.empty()
                    : java.util.Optional.of(trigger.getNextFireTime().toInstant());
        } catch (SchedulerException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("scheduler did not stop cleanly: {}", e.getMessage());
        }
    }

    /** The Quartz job that runs one task and draws its next fire time. */
    @DisallowConcurrentExecution
    public static final class TaskJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            String id = context.getMergedJobDataMap().getString("task");
            Schedule schedule;
            try {
                schedule = (Schedule) context.getScheduler().getContext().get(TASKS);
            } catch (SchedulerException e) {
                LOG.warn("task {} cannot reach its schedule: {}", id, e.getMessage());
                return;
            }
            schedule.starting(id);
            try {
                schedule.tasks.get(id).body().run();
            } catch (Throwable e) { // an Error too: it ends this run of the task, not the task or its thread
                LOG.warn("task {} failed: {}", id, e.getMessage(), e);
            } finally {
                schedule.ran(id);
            }
        }
    }
}
