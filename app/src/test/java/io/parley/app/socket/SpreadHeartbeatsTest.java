package io.parley.app.socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Heart-beats on their own thread, a sweep spread over the given time; other frames straight to the frames' executor. */
class SpreadHeartbeatsTest {

    private final List<String> framesRan = new CopyOnWriteArrayList<>();
    private SpreadHeartbeats executor;

    @AfterEach
    void stop() {
        executor.destroy();
    }

    @Test
    void aSweepsHeartbeatsAreWrittenAsideSpreadOverTheGivenTime() throws Exception {
        executor = new SpreadHeartbeats(task -> framesRan.add("frame"), Duration.ofMillis(300));
        List<Long> writtenAt = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            executor.execute(task(SimpMessageType.HEARTBEAT, () -> {
                writtenAt.add(System.nanoTime());
                threads.add(Thread.currentThread().getName());
                all.countDown();
            }));
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(framesRan).isEmpty();
        assertThat(threads).containsOnly("stomp-heartbeats");
        // The last is written no earlier than 199/200 of the spread after the first.
        assertThat(Duration.ofNanos(writtenAt.get(199) - writtenAt.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void otherFramesDoNotWaitBehindASweep() throws Exception {
        executor = new SpreadHeartbeats(Runnable::run, Duration.ofSeconds(10));
        List<Integer> written = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            executor.execute(task(SimpMessageType.HEARTBEAT, () -> written.add(n)));
        }
        CountDownLatch pushed = new CountDownLatch(1);
        executor.execute(task(SimpMessageType.MESSAGE, pushed::countDown));
        assertThat(pushed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(written).as("the sweep is still being written").hasSizeLessThan(100);
    }

    @Test
    void aHeartbeatThatFailsLeavesTheOthersWritten() throws Exception {
        executor = new SpreadHeartbeats(task -> framesRan.add("frame"), Duration.ofMillis(10));
        CountDownLatch others = new CountDownLatch(2);
        executor.execute(task(SimpMessageType.HEARTBEAT, () -> {
            throw new IllegalStateException("session closed");
        }));
        executor.execute(task(SimpMessageType.HEARTBEAT, others::countDown));
        executor.execute(task(SimpMessageType.HEARTBEAT, others::countDown));
        assertThat(others.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static Runnable task(SimpMessageType type, Runnable body) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(type);
        headers.setSessionId("s1");
        return ChannelTasks.task(MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders()), body);
    }
}
