package io.parley.command.erasure;

import io.parley.api.PersonalData.DataKey;

import java.time.Instant;

/**
 * One data key of one user, a row of {@code personal_data_keys} in the event store's database: it survives read-model
 * replays and every node sees the same keys. Erasing it forgets the secret and keeps the row, so a sealed field tells
 * "erased" from "never existed".
 *
 * @param secret the AES-256 key; null once erased
 */
record DataKeyEntry(String keyId, String subjectId, DataKey purpose, byte[] secret, Instant createdAt) {
}
