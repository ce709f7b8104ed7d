package io.parley.app.infra;

import io.parley.api.TargetId;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

/**
 * Finds the aggregate a command is for by its {@link TargetId} member, as Axon's {@code AnnotationCommandTargetResolver}
 * does (methods first, then fields; a command naming none is refused), but looks the member up once per command class:
 * Axon's lists the class's methods and reads their annotations for every command, which was a tenth of the chat
 * writer's allocations under load. Commands carry no aggregate version.
 * <p>
 * It is also the command bus's routing strategy: on Axon Server, commands with the same routing key go to the same
 * node, so every command for one aggregate is handled where that aggregate is cached and locked. (Axon's default
 * strategy knows only its own annotations and gave each command a random key: two nodes appended to one chat from
 * stale caches, and Axon Server refused the loser's events.) A command without a target, one that creates its
 * aggregate under a new id, may go to any node.
 */
final class TargetIdResolver implements CommandTargetResolver, RoutingStrategy {

    private final ClassValue<AnnotatedElement> members = new ClassValue<>() {
        @Override
        protected AnnotatedElement computeValue(Class<?> type) {
            for (Method method : methodsOf(type)) {
                if (method.isAnnotationPresent(TargetId.class)) {
                    return ensureAccessible(method);
                }
            }
            for (Field field : fieldsOf(type)) {
                if (field.isAnnotationPresent(TargetId.class)) {
                    return ensureAccessible(field);
                }
            }
            return null;
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object id = read(members.get(command.getPayloadType()), command.getPayload());
        if (id == null) {
            throw new IllegalArgumentException("Invalid command: " + command.getPayloadType().getSimpleName()
                    + " has no @TargetId member, or it is null.");
        }
        return new VersionedAggregateIdentifier(id, null);
    }

    @Override
    public String getRoutingKey(CommandMessage<?> command) {
        Object id = read(members.get(command.getPayloadType()), command.getPayload());
        return id != null ? id.toString() : command.getIdentifier();
    }

    private static Object read(AnnotatedElement member, Object payload) {
        try {
            if (member instanceof Method method) {
                return method.invoke(payload);
            }
            return member instanceof Field field ? field.get(payload) : null;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Reading a command's @TargetId failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("A command's @TargetId is not readable", e);
        }
    }
}
