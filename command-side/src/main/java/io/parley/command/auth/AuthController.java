package io.parley.command.auth;

import io.parley.api.user.UserView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API.md "Identifiers and OTP": request and verify codes, refresh and end sessions. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    /** The account is named by {@code identifier}, or by {@code phone} or {@code email}. */
    record OtpRequest(@Size(max = 320) String identifier, @Size(max = 32) String phone, @Size(max = 320) String email,
                      @Size(max = 2) String region) {
        String raw() {
            return identifier != null ? identifier : phone != null ? phone : email;
        }
    }

    record OtpVerifyRequest(@Size(max = 320) String identifier, @Size(max = 32) String phone,
                            @Size(max = 320) String email, @Size(max = 2) String region,
                            @NotBlank @Size(max = 16) String otp) {
        OtpRequest account() {
            return new OtpRequest(identifier, phone, email, region);
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {
    }

    record OtpSent(String message, String method, String identifier, long expiresInSeconds, long resendAfterSeconds) {
    }

    record LoggedIn(String token, String refreshToken, long expiresIn, UserView user, boolean isNew) {
    }

    private final OtpLogin login;
    private final Sessions sessions;
    private final IdentifierNormalizer normalizer;
    private final OtpProperties properties;

    AuthController(OtpLogin login, Sessions sessions, IdentifierNormalizer normalizer, OtpProperties properties) {
        this.login = login;
        this.sessions = sessions;
        this.normalizer = normalizer;
        this.properties = properties;
    }

    @PostMapping("/otp/request")
    @ResponseStatus(HttpStatus.ACCEPTED)
    OtpSent request(@Valid @RequestBody OtpRequest body) {
        Identifier identifier = normalizer.normalize(body.raw(), body.region());
        login.request(identifier);
        return new OtpSent("OTP sent", identifier.method().json(), identifier.value(),
                properties.codeTtl().toSeconds(), properties.resendCooldown().toSeconds());
    }

    @PostMapping("/otp/verify")
    LoggedIn verify(@Valid @RequestBody OtpVerifyRequest body) {
        Identifier identifier = normalizer.normalize(body.account().raw(), body.region());
        OtpLogin.Login result = login.verify(identifier, body.otp().trim());
        Sessions.TokenPair tokens = result.tokens();
        return new LoggedIn(tokens.token(), tokens.refreshToken(), tokens.expiresIn(), result.account().user(),
                result.account().isNew());
    }

    @PostMapping("/refresh")
    Sessions.TokenPair refresh(@Valid @RequestBody RefreshRequest body) {
        return sessions.refresh(body.refreshToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest body) {
        sessions.logout(body.refreshToken());
    }
}
