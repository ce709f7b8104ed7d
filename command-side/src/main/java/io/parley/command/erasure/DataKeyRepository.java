package io.parley.command.erasure;

import io.parley.api.PersonalData.DataKey;
import io.parley.command.support.SqlTimes;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code personal_data_keys} table, in the caller's transaction. */
@Component
class DataKeyRepository {

    private static final String COLUMNS = "select key_id, subject_id, purpose, secret, created_at from personal_data_keys";
    private static final RowMapper<DataKeyEntry> ENTRY = (row, i) -> new DataKeyEntry(row.getString("key_id"),
            row.getString("subject_id"), DataKey.valueOf(row.getString("purpose")), row.getBytes("secret"),
            SqlTimes.instant(row, "created_at"));

    private final JdbcClient jdbc;

    DataKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<DataKeyEntry> findById(String keyId) {
        return jdbc.sql(COLUMNS + " where key_id = ?").param(keyId).query(ENTRY).optional();
    }

    Optional<DataKeyEntry> findBySubjectIdAndPurpose(String subjectId, DataKey purpose) {
        return jdbc.sql(COLUMNS + " where subject_id = ? and purpose = ?").params(subjectId, purpose.name())
                .query(ENTRY).optional();
    }

    List<DataKeyEntry> findBySubjectId(String subjectId) {
        return jdbc.sql(COLUMNS + " where subject_id = ?").param(subjectId).query(ENTRY).list();
    }

    List<String> findIdsErasedSince(Instant since) {
        return jdbc.sql("select key_id from personal_data_keys where erased_at >= ?").param(SqlTimes.at(since))
                .query(String.class).list();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the subject has a key for the purpose already */
    void insert(DataKeyEntry entry) {
        jdbc.sql("insert into personal_data_keys (key_id, subject_id, purpose, secret, created_at) values (?, ?, ?, ?, ?)")
                .params(entry.keyId(), entry.subjectId(), entry.purpose().name(), entry.secret(), SqlTimes.at(entry.createdAt()))
                .update();
    }

    /** Forgets the key's secret and stamps when. */
    void erase(String keyId, Instant at) {
        jdbc.sql("update personal_data_keys set secret = null, erased_at = ? where key_id = ?").params(SqlTimes.at(at), keyId).update();
    }
}
