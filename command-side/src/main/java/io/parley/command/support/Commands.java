package io.parley.command.support;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sending a command to an aggregate that may not exist: the caller names the API error that "missing" means.
 * An id that belongs to an aggregate of another type (a user's id sent as a chat id) is missing too: the handlers'
 * side tells both as {@code aggregate_not_found} (the app's {@code DomainErrors}), as a domain error that crosses a
 * distributed command bus.
 */
public final class Commands {

    private Commands() {
    }

    /** Sends and waits; an aggregate that does not exist (or was deleted) fails with {@code whenMissing}. */
    public static <R> R send(CommandGateway gateway, Object command, ErrorCode whenMissing, String detail) {
        try {
            return gateway.sendAndWait(command);
        } catch (ParleyException e) {
            throw e.errorCode() == ErrorCode.AGGREGATE_NOT_FOUND ? whenMissing.exception(detail) : e;
        }
    }
}
