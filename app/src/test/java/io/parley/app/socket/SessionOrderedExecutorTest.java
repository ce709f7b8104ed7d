package io.parley.app.socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHandlingRunnable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each session's messages in order, a quick one on the caller's thread only when nothing of its stripe is pending. */
class SessionOrderedExecutorTest {

    private final SessionOrderedExecutor executor =
            new SessionOrderedExecutor("test-stripe-", 1, message -> Boolean.TRUE.equals(message.getHeaders().get("quick")));
    /** What ran, in order: the message's name and whether it ran on the caller's thread. */
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.destroy();
    }

    @Test
    void aQuickMessageRunsOnTheCallersThreadWhenItsStripeHasNothingPending() throws Exception {
        executor.execute(task("first", true, null));
        assertThat(ran).containsExactly("first here");

        CountDownLatch done = new CountDownLatch(1);
        executor.execute(task("slow", false, done));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        awaitIdle();
        executor.execute(task("then quick", true, null));
        assertThat(ran).containsExactly("first here", "slow on the stripe", "then quick here");
    }

    @Test
    void aQuickMessageWaitsBehindWhatItsStripeHasPending() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        executor.execute(() -> {
            await(release);
            ran.add("blocking");
        });
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(task("quick", true, done));
        assertThat(ran).as("not run ahead of the pending one").isEmpty();

        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("blocking", "quick on the stripe");
    }

    /** The stripe has finished what it ran: a task queued now runs after everything before it. */
    private void awaitIdle() throws InterruptedException {
        CountDownLatch idle = new CountDownLatch(1);
        executor.execute(idle::countDown);
        assertThat(idle.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
    }

    private MessageHandlingRunnable task(String name, boolean quick, CountDownLatch done) {
        Thread caller = Thread.currentThread();
        Message<String> message = MessageBuilder.withPayload(name)
                .setHeader(SimpMessageHeaderAccessor.SESSION_ID_HEADER, "s1").setHeader("quick", quick).build();
        return ChannelTasks.task(message, () -> {
            ran.add(name + (Thread.currentThread() == caller ? " here" : " on the stripe"));
            if (done != null) {
                done.countDown();
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
