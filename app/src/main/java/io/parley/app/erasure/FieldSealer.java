package io.parley.app.erasure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.PersonalData;
import io.parley.api.PersonalData.DataKey;
import io.parley.command.erasure.DataKeys;
import io.parley.command.erasure.DataKeys.SealingKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals one text value under its subject's data key with AES-256-GCM, as {@code {"keyId": …, "sealed": base64(nonce
 * ‖ ciphertext ‖ tag)}}: a random 96-bit nonce per value, and the key id as associated data, so a value cannot be
 * moved under another key. Opening a value whose key was erased gives {@value PersonalData#ERASED}.
 */
final class FieldSealer {

    static final String KEY_ID = "keyId";
    static final String SEALED = "sealed";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private final DataKeys keys;

    FieldSealer(DataKeys keys) {
        this.keys = keys;
    }

    /** Writes the value sealed: {@code {"keyId": …, "sealed": …}}. */
    void write(JsonGenerator generator, String subjectId, DataKey purpose, String value) throws IOException {
        SealingKey key = keys.sealingKey(subjectId, purpose);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(key.keyId().getBytes(StandardCharsets.UTF_8));
            sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal a personal-data field", e);
        }
        generator.writeStartObject();
        generator.writeStringField(KEY_ID, key.keyId());
        generator.writeStringField(SEALED, Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
        generator.writeEndObject();
    }

    /** Whether a field's stored value is sealed (events written before sealing hold plain text). */
    static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && value.path(KEY_ID).isTextual() && value.path(SEALED).isTextual();
    }

    String open(JsonNode value) {
        String keyId = value.get(KEY_ID).textValue();
        Optional<SecretKey> key = keys.openingKey(keyId);
        if (key.isEmpty()) {
            return PersonalData.ERASED;
        }
        byte[] sealed = Base64.getDecoder().decode(value.get(SEALED).textValue());
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("A personal-data field sealed under key " + keyId + " was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not open a personal-data field", e);
        }
    }
}
