package io.parley.command.erasure;

import io.parley.api.PersonalData.DataKey;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

interface DataKeyRepository extends JpaRepository<DataKeyEntry, String> {

    Optional<DataKeyEntry> findBySubjectIdAndPurpose(String subjectId, DataKey purpose);

    List<DataKeyEntry> findBySubjectId(String subjectId);

    @Query("select k.keyId from DataKeyEntry k where k.erasedAt >= ?1")
    List<String> findIdsErasedSince(Instant since);
}
