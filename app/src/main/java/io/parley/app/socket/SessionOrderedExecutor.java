package io.parley.app.socket;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Runs a STOMP channel's messages on several threads while keeping each session's messages in order: a session
 * always lands on the same single-threaded stripe. (Spring's own ordering options break user destinations in
 * Spring Framework 7.0, see docs/DECISIONS.md.)
 * <p>
 * A message that {@code quick} takes (one whose handling waits for no command or read model) runs on the calling
 * thread instead, when its session's stripe has nothing queued or running: then nothing of that session can be left
 * to run before it, and the next message of the session comes only after this one (the socket's thread delivers them
 * one at a time). That saves handing it to another thread and waking it, a wait that showed in the chat benchmark's
 * latency on two busy cores (docs/DECISIONS.md "Performance (chat)", thirteenth round).
 */
final class SessionOrderedExecutor implements TaskExecutor, DisposableBean {

    private final Stripe[] stripes;
    private final Predicate<Message<?>> quick;

    SessionOrderedExecutor(String threadNamePrefix, int stripes) {
        this(threadNamePrefix, stripes, message -> false);
    }

    SessionOrderedExecutor(String threadNamePrefix, int stripes, Predicate<Message<?>> quick) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(threadNamePrefix);
        threads.setDaemon(true);
        this.stripes = IntStream.range(0, stripes).mapToObj(i -> new Stripe(Executors.newSingleThreadExecutor(threads)))
                .toArray(Stripe[]::new);
        this.quick = quick;
    }

    @Override
    public void execute(Runnable task) {
        Message<?> message = task instanceof MessageHandlingRunnable handling ? handling.getMessage() : null;
        String session = message == null ? null : SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        Stripe stripe = stripes[Math.floorMod(Objects.hashCode(session), stripes.length)];
        if (message != null && quick.test(message) && stripe.idle()) {
            task.run();
        } else {
            stripe.execute(task);
        }
    }

    @Override
    public void destroy() {
        for (Stripe stripe : stripes) {
            stripe.thread.shutdownNow();
        }
    }

    /** One thread, and how many of its tasks have not finished. */
    private static final class Stripe {
        private final ExecutorService thread;
        private final AtomicInteger unfinished = new AtomicInteger();

        Stripe(ExecutorService thread) {
            this.thread = thread;
        }

        boolean idle() {
            return unfinished.get() == 0;
        }

        void execute(Runnable task) {
            unfinished.incrementAndGet();
            try {
                thread.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        unfinished.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) {
                unfinished.decrementAndGet();
                throw e;
            }
        }
    }
}
