package io.parley.command.user;

/**
 * Set-based validation table {@code user_identifiers}: which user owns which identifier. Written in the same
 * transaction as the command that registers or deletes the user, so two registrations of one identifier can never
 * both succeed.
 */
record IdentifierLookup(String identifier, String userId) {
}
