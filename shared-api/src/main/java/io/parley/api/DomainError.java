package io.parley.api;

import java.util.Locale;
import java.util.Map;

/**
 * A {@link ParleyException} as plain data, to cross a message bus between nodes (Axon Server carries a handler's
 * exception only as a message and these details): the error code, the detail and the problem's extra properties.
 */
public record DomainError(String code, String detail, Map<String, Object> properties) {

    public static DomainError of(ParleyException e) {
        return new DomainError(e.errorCode().code(), e.getMessage(), Map.copyOf(e.properties()));
    }

    /** The exception as the handler threw it. */
    public ParleyException toException() {
        ParleyException e = ErrorCode.valueOf(code.toUpperCase(Locale.ROOT)).exception(detail);
        if (properties != null) {
            properties.forEach(e::with);
        }
        return e;
    }
}
