package io.parley.api;

/**
 * A query clients may subscribe to (API.md "Live queries"), about one user: the user whose chats or connections it
 * lists, or the user it shows. Changes are announced by that user's id, so they can be matched on any node.
 */
public interface LiveQuery {
    String userId();
}
