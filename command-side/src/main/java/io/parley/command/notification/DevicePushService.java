package io.parley.command.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.notification.DevicePushes;
import io.parley.command.notification.PushDriver.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Sends pushes to a user's devices off the caller's thread (a projection's), which also looks the devices up and makes
 * the push only for a user who has one: a slow or failing provider delays the projections not at all, and other
 * users' pushes only in its lane. Each device's push is tried {@code parley.push.attempts} times, waiting
 * {@code retry-backoff}, then twice that, and so on; a device its provider reports gone is removed. Pushes beyond a
 * lane's 5,000 waiting are dropped (a device push is a hint; the inbox has the notification), and so are those still
 * waiting at shutdown.
 */
@Component
class DevicePushService implements DevicePushes, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DevicePushService.class);
    /** Web Push payloads are at most 4 KiB once encrypted. */
    private static final int MAX_TEXT = 1000;

    private final PushDeviceRepository devices;
    private final Map<String, PushDriver> drivers;
    private final PushProperties properties;
    private final MeterRegistry meters;
    /** Two lanes; a user's pushes all go in one, in order, so a device shows a chat's latest push last. */
    private final List<ThreadPoolExecutor> lanes;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> thread(task, "push-retry"));

    DevicePushService(PushDeviceRepository devices, PushProperties properties, MeterRegistry meters) {
        this.devices = devices;
        this.properties = properties;
        this.meters = meters;
        this.drivers = Stream.of(
                        properties.fcm().configured() ? new FcmPushDriver(properties.fcm(), properties.timeout()) : new LogPushDriver("fcm"),
                        properties.webpush().configured() ? new WebPushDriver(properties.webpush(), properties.timeout()) : new LogPushDriver("webpush"))
                .collect(Collectors.toMap(PushDriver::platform, Function.identity()));
        this.lanes = IntStream.range(0, 2).mapToObj(lane -> new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(5_000), task -> thread(task, "device-push-" + lane),
                (task, executor) -> log.warn("Device push queue full: a push was dropped"))).toList();
    }

    @Override
    public void send(String userId, Supplier<DevicePush> content) {
        laneOf(userId).execute(() -> {
            List<PushDevice> found = devices.findByUserIdOrderByCreatedAtAsc(userId);
            DevicePush push;
            try {
                push = found.isEmpty() ? null : content.get();
            } catch (RuntimeException e) {
                log.warn("Could not make a push for {}", userId, e);
                return;
            }
            if (push != null) {
                String text = properties.preview() && push.text() != null
                        ? push.text().substring(0, Math.min(MAX_TEXT, push.text().length())) : null;
                found.forEach(device -> deliver(device, push, text, 1));
            }
        });
    }

    @Override
    @Transactional
    public void forget(String userId) {
        devices.deleteByUserId(userId);
    }

    private void deliver(PushDevice device, DevicePush push, String text, int attempt) {
        Outcome outcome;
        try {
            outcome = drivers.get(device.platform()).send(device, push, text);
        } catch (RuntimeException e) {
            log.warn("Push to {} failed", device, e);
            outcome = Outcome.RETRY;
        }
        meters.counter("parley.push.device", "platform", device.platform(), "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        if (outcome == Outcome.GONE) {
            log.info("{} is gone, says its provider: removed", device);
            devices.deleteById(device.deviceId());
        } else if (outcome == Outcome.RETRY && attempt < properties.attempts()) {
            long pause = properties.retryBackoff().toMillis() << (attempt - 1);
            retries.schedule(() -> laneOf(device.userId()).execute(() -> deliver(device, push, text, attempt + 1)), pause, TimeUnit.MILLISECONDS);
        } else if (outcome == Outcome.RETRY) {
            log.warn("Gave up a push to {} after {} attempts", device, attempt);
        }
    }

    private ThreadPoolExecutor laneOf(String userId) {
        return lanes.get(Math.floorMod(userId.hashCode(), lanes.size()));
    }

    private static Thread thread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
        lanes.forEach(ThreadPoolExecutor::shutdownNow);
    }
}
