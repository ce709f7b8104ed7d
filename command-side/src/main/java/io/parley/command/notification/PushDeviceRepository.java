package io.parley.command.notification;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

interface PushDeviceRepository extends JpaRepository<PushDevice, String> {

    List<PushDevice> findByUserIdOrderByCreatedAtAsc(String userId);

    Optional<PushDevice> findByAddressHash(String addressHash);

    long deleteByUserId(String userId);
}
