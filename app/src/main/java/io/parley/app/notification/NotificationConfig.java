package io.parley.app.notification;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.parley.projections.notification.NotificationPruner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Old read notifications are pruned by a recurring task of the deadline scheduler: persistent, one node at a time. */
@Configuration(proxyBeanMethods = false)
class NotificationConfig {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfig.class);

    @Bean
    RecurringTask<Void> notificationPruning(NotificationPruner pruner,
                                            @Value("${parley.notifications.prune-every:1h}") Duration every) {
        return Tasks.recurring("notification-prune", FixedDelay.of(every)).execute((instance, context) -> {
            long pruned = pruner.prune();
            if (pruned > 0) {
                log.info("Pruned {} old read notifications", pruned);
            }
        });
    }
}
