package io.parley.command.auth;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, String> {

    /** Marks a live token used; 1 for exactly one caller even when two race with the same token. */
    @Modifying
    @Query("update RefreshToken t set t.rotatedAt = :now where t.tokenHash = :hash "
            + "and t.rotatedAt is null and t.revoked = false and t.expiresAt > :now")
    int rotate(@Param("hash") String hash, @Param("now") Instant now);

    @Modifying
    @Query("update RefreshToken t set t.revoked = true where t.familyId = :familyId")
    int revokeFamily(@Param("familyId") String familyId);

    @Modifying
    @Query("update RefreshToken t set t.revoked = true where t.userId = :userId")
    int revokeUser(@Param("userId") String userId);

}
