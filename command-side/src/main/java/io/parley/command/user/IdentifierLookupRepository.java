package io.parley.command.user;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The {@code user_identifiers} table, in the caller's transaction. */
@Component
class IdentifierLookupRepository {

    private final JdbcClient jdbc;

    IdentifierLookupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IdentifierLookup> findById(String identifier) {
        return jdbc.sql("select identifier, user_id from user_identifiers where identifier = ?").param(identifier)
                .query(IdentifierLookup.class).optional();
    }

    Optional<IdentifierLookup> findByUserId(String userId) {
        return jdbc.sql("select identifier, user_id from user_identifiers where user_id = ?").param(userId)
                .query(IdentifierLookup.class).optional();
    }

    boolean existsById(String identifier) {
        return findById(identifier).isPresent();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the identifier or the user has a row already */
    void insert(IdentifierLookup lookup) {
        jdbc.sql("insert into user_identifiers (identifier, user_id) values (?, ?)")
                .params(lookup.identifier(), lookup.userId()).update();
    }

    void deleteByUserId(String userId) {
        jdbc.sql("delete from user_identifiers where user_id = ?").param(userId).update();
    }
}
