package io.parley.api.push;

import java.time.Instant;

/** Every server push on {@code /user/queue/events}: API.md's {@code {type, data, ts}}. */
public record SocketEvent(String type, Object data, Instant ts) {
}
