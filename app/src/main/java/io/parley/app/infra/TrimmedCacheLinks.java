package io.parley.app.infra;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Cuts the events that Axon's embedded event store dropped from its cache loose from the events after them.
 * <p>
 * The cache is a linked list of nodes, each holding an event and the next node, and a dropped node keeps pointing to
 * its successor. A young collection does not trace the old generation: it keeps alive whatever an old object points
 * to, dead or not. Once one dropped node had been promoted, it kept its young successor alive, which was promoted in
 * turn and kept the next one alive: every event the store read was copied to the survivor space and then promoted,
 * whatever the cache's size. Cutting them, with a shorter cache, about halved the chat benchmark's young collection
 * pauses (see AxonFramework#2954, about the same list). Cut loose, an event lives as long as the cache holds it.
 * <p>
 * The list is Axon's private state, reached here by its field names (a test checks them against the Axon version in
 * use). Cutting only nodes before the store's oldest one is safe while the store runs: its producer writes only the
 * newest node's link, and a reader whose last node was dropped is behind the cache, which the store tells by the
 * node's index before it follows the link (a reader racing the trim finds no next node, waits for the next event,
 * then reads on from its token on a stream of its own, as when it falls behind).
 */
final class TrimmedCacheLinks {

    private static final VarHandle OLDEST;
    private static final VarHandle NEXT;
    private static final VarHandle INDEX;

    static {
        try {
            Class<?> node = Class.forName(EmbeddedEventStore.class.getName() + "$Node");
            OLDEST = MethodHandles.privateLookupIn(EmbeddedEventStore.class, MethodHandles.lookup())
                    .findVarHandle(EmbeddedEventStore.class, "oldest", node);
            MethodHandles.Lookup nodes = MethodHandles.privateLookupIn(node, MethodHandles.lookup());
            NEXT = nodes.findVarHandle(node, "next", node);
            INDEX = nodes.findVarHandle(node, "index", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EmbeddedEventStore store;
    /** The store's oldest node at the last cut: it and the nodes after it up to the current oldest are dropped since. */
    private Object cutFrom;

    TrimmedCacheLinks(EmbeddedEventStore store) {
        this.store = store;
    }

    /** Cuts the links of the nodes dropped since the last call (those before the store's oldest node, by index). */
    synchronized void cut() {
        Object oldest = OLDEST.getVolatile(store);
        if (oldest == null) {
            return;
        }
        long kept = (long) INDEX.get(oldest);
        for (Object node = cutFrom; node != null && (long) INDEX.get(node) < kept; ) {
            Object next = NEXT.getVolatile(node);
            NEXT.setVolatile(node, null);
            node = next;
        }
        cutFrom = oldest;
    }
}
