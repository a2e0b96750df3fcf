package dev.plumbline.agent.schedule;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
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
 * runs twice at once.
 */
public final class Schedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);
    private static final String TASKS = "plumbline.tasks";

    /** A task, its interval and jitter fraction. */
    private record Task(Runnable body, Duration interval, double jitter) {
    }

    private final Scheduler scheduler;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Clock clock;

    public Schedule(String name, int threads, Clock clock) {
        this.clock = clock;
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
    }

    /** Runs {@code body} first after {@code firstDelay}, then every {@code interval} ± {@code jitter}. */
    public void every(String id, Duration interval, Duration firstDelay, double jitter, Runnable body) {
        tasks.put(id, new Task(body, interval, jitter));
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

    private void ran(String id) {
        Task task = tasks.get(id);
        long millis = task.interval().toMillis();
        long spread = (long) (millis * task.jitter());
        long next = spread == 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        try {
            if (!scheduler.isShutdown()) {
                scheduler.rescheduleJob(TriggerKey.triggerKey(id), trigger(id, Duration.ofMillis(Math.max(next, 1))));
            }
        } catch (SchedulerException e) {
            LOG.warn("cannot schedule the next run of {}: {}", id, e.getMessage());
        }
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
            try {
                schedule.tasks.get(id).body().run();
            } catch (RuntimeException e) {
                LOG.warn("task {} failed: {}", id, e.getMessage(), e);
            } finally {
                schedule.ran(id);
            }
        }
    }
}
