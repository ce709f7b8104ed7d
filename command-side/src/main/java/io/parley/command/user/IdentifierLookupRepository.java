package io.parley.command.user;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

interface IdentifierLookupRepository extends JpaRepository<IdentifierLookup, String> {

    Optional<IdentifierLookup> findByUserId(String userId);
}
