package io.parley.command.support;

import io.parley.api.ErrorCode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Sending a command to an aggregate that may not exist: the caller names the API error that "missing" means.
 * An id that belongs to an aggregate of another type (a user's id sent as a chat id) is missing too.
 */
public final class Commands {

    private Commands() {
    }

    /** Sends and waits; an aggregate that does not exist (or was deleted) fails with {@code whenMissing}. */
    public static <R> R send(CommandGateway gateway, Object command, ErrorCode whenMissing, String detail) {
        try {
            return gateway.sendAndWait(command);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw whenMissing.exception(detail);
        }
    }
}
