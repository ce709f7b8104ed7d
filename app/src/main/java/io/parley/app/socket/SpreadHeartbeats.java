package io.parley.app.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The outbound channel's executor: heart-beats on a thread of their own, each sweep's spread over up to
 * {@code spread}; every other frame straight to {@code frames}.
 * <p>
 * The simple broker sends every idle session's heart-beat in one sweep at each heart-beat interval: with 10,000
 * sessions, 10,000 frames at once, which held up the pushes queued behind them on two cores (bursts of late chat
 * messages every 10 s beside 10,000 idle sessions; docs/DECISIONS.md "Performance (idle sockets)"). A heart-beat is a
 * frame of its own between whole frames, so it needs no order with a session's pushes. A sweep that takes longer to
 * write than {@code spread} is written as fast as the thread can.
 */
final class SpreadHeartbeats implements TaskExecutor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SpreadHeartbeats.class);

    private final TaskExecutor frames;
    private final long spreadNanos;
    private final BlockingQueue<Runnable> heartbeats = new LinkedBlockingQueue<>();
    private final Thread thread;

    SpreadHeartbeats(TaskExecutor frames, Duration spread) {
        this.frames = frames;
        this.spreadNanos = spread.toNanos();
        this.thread = new Thread(this::writeHeartbeats, "stomp-heartbeats");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (task instanceof MessageHandlingRunnable handling
                && SimpMessageHeaderAccessor.getMessageType(handling.getMessage().getHeaders()) == SimpMessageType.HEARTBEAT) {
            heartbeats.add(task);
        } else {
            frames.execute(task);
        }
    }

    /**
     * A sweep is what arrives until the queue is empty. The n-th heart-beat of a sweep is written no earlier than
     * n / (n + still queued) of {@code spread} after its first, so the pace follows the sweep as it is queued.
     */
    private void writeHeartbeats() {
        try {
            while (true) {
                Runnable next = heartbeats.take();
                long start = System.nanoTime();
                for (long written = 1; next != null; written++) {
                    write(next);
                    int queued = heartbeats.size();
                    if (queued > 0) {
                        long wait = start + spreadNanos * written / (written + queued) - System.nanoTime();
                        if (wait >= TimeUnit.MILLISECONDS.toNanos(1)) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    next = heartbeats.poll();
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** A session closed meanwhile fails its heart-beat; the others still get theirs. */
    private static void write(Runnable heartbeat) {
        try {
            heartbeat.run();
        } catch (RuntimeException e) {
            log.debug("A heart-beat was not written: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        thread.interrupt();
    }
}
