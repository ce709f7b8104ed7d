package io.parley.command.auth;

/**
 * One refresh token, a row of {@code refresh_tokens}, stored only as its SHA-256 hash. Tokens rotated from one login
 * form a family; showing a rotated token again means it leaked, so the whole family is revoked.
 */
record RefreshToken(String tokenHash, String familyId, String userId, boolean rotated) {
}
