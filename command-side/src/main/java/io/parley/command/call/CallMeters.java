package io.parley.command.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.call.CallMedia;
import org.springframework.stereotype.Component;

/**
 * {@code parley.calls.started|answered|missed{media}} counted where they happen (on the node that handled them), and
 * {@code parley.calls.active}: the calls ringing or running, from the call lines every node shares.
 */
@Component
public class CallMeters {

    private final MeterRegistry registry;

    CallMeters(MeterRegistry registry, CallLineRepository lines) {
        this.registry = registry;
        Gauge.builder("parley.calls.active", lines, repository -> repository.countDistinctCalls())
                .description("Calls ringing or running").register(registry);
    }

    void started(CallMedia media) {
        counter("parley.calls.started", "Calls offered", media).increment();
    }

    void answered(CallMedia media) {
        counter("parley.calls.answered", "Calls answered", media).increment();
    }

    void missed(CallMedia media) {
        counter("parley.calls.missed", "Calls that rang until the ring timeout", media).increment();
    }

    private Counter counter(String name, String description, CallMedia media) {
        return Counter.builder(name).description(description).tag("media", media.json()).register(registry);
    }
}
