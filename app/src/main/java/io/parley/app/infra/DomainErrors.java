package io.parley.app.infra;

import io.parley.api.DomainError;
import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryExecutionException;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.Function;

/**
 * Domain errors cross every command and query bus intact. A handler's {@link ParleyException} leaves it as a
 * {@link CommandExecutionException} or {@link QueryExecutionException} whose details are its {@link DomainError}:
 * Axon Server carries a remote handler's exception only as a message plus such details, and a plain exception would
 * arrive as a detail-less "remote handling" failure. The sending side turns them back into the same
 * {@code ParleyException} ({@link #unwrap}), so callers and the problem+json mapping see no difference between a
 * local and a remote handler.
 */
@Component
public class DomainErrors {

    DomainErrors(CommandBus commands, QueryBus queries) {
        commands.registerHandlerInterceptor(wrapping(e -> new CommandExecutionException(e.getMessage(), e, DomainError.of(e))));
        queries.registerHandlerInterceptor(wrapping(e -> new QueryExecutionException(e.getMessage(), e, DomainError.of(e))));
    }

    /**
     * Also a command's target that does not exist, or is an aggregate of another type, is told as
     * {@code aggregate_not_found}, which the sender names more precisely ({@code Commands.send}).
     */
    private static <T extends Message<?>> MessageHandlerInterceptor<T> wrapping(Function<ParleyException, RuntimeException> wrap) {
        return (unitOfWork, chain) -> {
            try {
                return chain.proceed();
            } catch (ParleyException e) {
                throw wrap.apply(e);
            } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
                throw wrap.apply(ErrorCode.AGGREGATE_NOT_FOUND.exception(e.getMessage()));
            }
        };
    }

    /** The domain error somewhere in {@code failure}'s causes, thrown by a local or a remote handler. */
    public static Optional<ParleyException> unwrap(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ParleyException e) {
                return Optional.of(e);
            }
            if (t instanceof HandlerExecutionException handler) {
                Optional<DomainError> details = handler.getDetails().filter(DomainError.class::isInstance).map(DomainError.class::cast);
                if (details.isPresent()) {
                    return details.map(DomainError::toException);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code failure} as the domain error it carries, or as it is. */
    public static Throwable unwrapped(Throwable failure) {
        return unwrap(failure).<Throwable>map(e -> e).orElse(failure);
    }
}
