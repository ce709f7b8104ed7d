package io.parley.command.connection;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface ConnectionPairRepository extends JpaRepository<ConnectionPair, String> {

    List<ConnectionPair> findByAcceptedFalse();
}
