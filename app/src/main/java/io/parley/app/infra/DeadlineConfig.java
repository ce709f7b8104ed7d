package io.parley.app.infra;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * Persistent deadlines (media orphan clean-up, ring timeouts, status expiry) and recurring work (notification
 * pruning): db-scheduler on the event store's database (on {@code axonserver}, the look-up tables' PostgreSQL), whose
 * tasks survive restarts and run on exactly one node. Axon's own auto-configuration makes the {@code DbSchedulerDeadlineManager} and its task once this
 * scheduler exists; the scheduler starts polling when the application is ready, so no deadline fires into an Axon
 * configuration that is still starting.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfig {

    private static final List<String> SCHEMA = List.of("""
            create table if not exists scheduled_tasks (
                task_name varchar(100) not null,
                task_instance varchar(255) not null,
                task_data bytea,
                execution_time timestamp with time zone not null,
                picked boolean not null,
                picked_by varchar(100),
                last_success timestamp with time zone,
                last_failure timestamp with time zone,
                consecutive_failures int,
                last_heartbeat timestamp with time zone,
                version bigint not null,
                priority smallint,
                primary key (task_name, task_instance))""",
            "create index if not exists scheduled_tasks_execution_time on scheduled_tasks (execution_time)",
            "create index if not exists scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat)",
            "create index if not exists scheduled_tasks_priority on scheduled_tasks (priority desc, execution_time asc)");

    @Bean(destroyMethod = "stop")
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
                                @Value("${parley.deadlines.poll-every:2s}") Duration pollEvery) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SCHEMA.forEach(jdbc::execute);
        List<RecurringTask<?>> recurring = tasks.stream().filter(RecurringTask.class::isInstance)
                .<RecurringTask<?>>map(task -> (RecurringTask<?>) task).toList();
        return Scheduler.create(dataSource, tasks.stream().filter(task -> !(task instanceof RecurringTask)).toList())
                .startTasks(recurring)
                .pollingInterval(pollEvery)
                .threads(2)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startDeadlines(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(Scheduler.class).start();
    }
}
