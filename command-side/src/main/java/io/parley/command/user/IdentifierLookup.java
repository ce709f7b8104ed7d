package io.parley.command.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Set-based validation table: which user owns which identifier. Written in the same transaction as the
 * command that registers or deletes the user, so two registrations of one identifier can never both succeed.
 */
@Entity
@Table(name = "user_identifiers")
class IdentifierLookup {

    @Id
    @Column(length = 320)
    private String identifier;
    @Column(nullable = false, unique = true, length = 36)
    private String userId;

    protected IdentifierLookup() {
    }

    IdentifierLookup(String identifier, String userId) {
        this.identifier = identifier;
        this.userId = userId;
    }

    String identifier() {
        return identifier;
    }

    String userId() {
        return userId;
    }
}
