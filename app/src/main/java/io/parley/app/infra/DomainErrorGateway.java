package io.parley.app.infra;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A command gateway whose callers get a handler's domain error as it was thrown, wherever it ran ({@link DomainErrors}). */
final class DomainErrorGateway implements CommandGateway {

    private final CommandGateway delegate;

    DomainErrorGateway(CommandGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        delegate.<C, R>send(command, (message, result) -> callback.onResult(message, result.isExceptional()
                ? GenericCommandResultMessage.asCommandResultMessage(DomainErrors.unwrapped(result.exceptionResult()))
                : result));
    }

    @Override
    public <R> R sendAndWait(Object command) {
        return unwrapping(() -> delegate.sendAndWait(command));
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return unwrapping(() -> delegate.sendAndWait(command, timeout, unit));
    }

    @Override
    public <R> CompletableFuture<R> send(Object command) {
        return delegate.<R>send(command).exceptionallyCompose(failure -> CompletableFuture.failedFuture(DomainErrors.unwrapped(failure)));
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }

    private static <R> R unwrapping(Supplier<R> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            throw DomainErrors.unwrap(e).<RuntimeException>map(domain -> domain).orElse(e);
        }
    }
}
