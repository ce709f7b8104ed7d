package io.parley.app.socket;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Runs a STOMP channel's messages on several threads while keeping each session's messages in order: a session
 * always lands on the same single-threaded stripe. (Spring's own ordering options break user destinations in
 * Spring Framework 7.0, see docs/DECISIONS.md.)
 */
final class SessionOrderedExecutor implements TaskExecutor, DisposableBean {

    private final ExecutorService[] stripes;

    SessionOrderedExecutor(String threadNamePrefix, int stripes) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(threadNamePrefix);
        threads.setDaemon(true);
        this.stripes = IntStream.range(0, stripes).mapToObj(i -> Executors.newSingleThreadExecutor(threads))
                .toArray(ExecutorService[]::new);
    }

    @Override
    public void execute(Runnable task) {
        String session = task instanceof MessageHandlingRunnable handling
                ? SimpMessageHeaderAccessor.getSessionId(handling.getMessage().getHeaders())
                : null;
        stripes[Math.floorMod(Objects.hashCode(session), stripes.length)].execute(task);
    }

    @Override
    public void destroy() {
        for (ExecutorService stripe : stripes) {
            stripe.shutdownNow();
        }
    }
}
