package io.parley.command.connection;

import org.springframework.data.jpa.repository.JpaRepository;

interface ConnectionPairRepository extends JpaRepository<ConnectionPair, String> {
}
