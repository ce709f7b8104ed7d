package io.parley.command.erasure;

import io.parley.api.PersonalData.DataKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * One data key of one user, in the event store's database: it survives read-model replays and every node sees the
 * same keys. Erasing it forgets the secret and keeps the row, so a sealed field tells "erased" from "never existed".
 */
@Entity
@Table(name = "personal_data_keys",
        uniqueConstraints = @UniqueConstraint(name = "personal_data_keys_subject", columnNames = {"subjectId", "purpose"}),
        indexes = @Index(name = "personal_data_keys_erased", columnList = "erasedAt"))
class DataKeyEntry {

    @Id
    @Column(length = 36)
    private String keyId;
    @Column(nullable = false, length = 36)
    private String subjectId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private DataKey purpose;
    /** The AES-256 key; null once erased. */
    @Column(length = 32)
    private byte[] secret;
    @Column(nullable = false)
    private Instant createdAt;
    private Instant erasedAt;

    protected DataKeyEntry() {
    }

    DataKeyEntry(String keyId, String subjectId, DataKey purpose, byte[] secret, Instant createdAt) {
        this.keyId = keyId;
        this.subjectId = subjectId;
        this.purpose = purpose;
        this.secret = secret;
        this.createdAt = createdAt;
    }

    String keyId() {
        return keyId;
    }

    DataKey purpose() {
        return purpose;
    }

    /** The secret, or null when erased. */
    byte[] secret() {
        return secret;
    }

    void erase(Instant at) {
        secret = null;
        erasedAt = at;
    }
}
