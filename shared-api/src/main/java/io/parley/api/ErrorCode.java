package io.parley.api;

/** The stable error codes of API.md, each with its HTTP status and a short human title. */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Validation failed"),
    BAD_REQUEST(400, "Bad request"),
    INVALID_IDENTIFIER(400, "Invalid identifier"),
    OTP_COOLDOWN(429, "Too soon"),
    OTP_SEND_LIMIT(429, "Too many codes"),
    OTP_INVALID(401, "Invalid code"),
    OTP_EXPIRED(401, "Code expired"),
    OTP_ATTEMPTS_EXCEEDED(429, "Too many attempts"),
    OTP_DELIVERY_FAILED(503, "Code could not be delivered"),
    RATE_LIMITED(429, "Too many requests"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    REFRESH_INVALID(401, "Invalid refresh token"),
    QR_INVALID(410, "QR code no longer valid"),
    SELF_CONNECTION(400, "Cannot connect to yourself"),
    CONNECTION_EXISTS(409, "Connection exists"),
    CONNECTION_NOT_PENDING(409, "Connection is not pending"),
    NOT_CONNECTED(403, "Not connected"),
    USER_EXISTS(409, "User exists"),
    USER_NOT_FOUND(404, "User not found"),
    AGGREGATE_NOT_FOUND(404, "Aggregate not found"),
    PROJECTION_NOT_FOUND(404, "Projection not found"),
    DEAD_LETTER_NOT_FOUND(404, "Dead letter not found"),
    COUNTRY_NOT_FOUND(404, "Country not found"),
    CHAT_NOT_FOUND(404, "Chat not found"),
    CONNECTION_NOT_FOUND(404, "Connection not found"),
    NOT_FOUND(404, "Not found"),
    MEDIA_NOT_FOUND(404, "Media not found"),
    CALL_NOT_FOUND(404, "Call not found"),
    CALL_STATE(409, "Not possible in the call's state"),
    STATUS_NOT_FOUND(404, "Status not found"),
    NOTIFICATION_NOT_FOUND(404, "Notification not found"),
    DEVICE_NOT_FOUND(404, "Device not found"),
    MEDIA_TOO_LARGE(413, "Media too large"),
    MEDIA_QUOTA_EXCEEDED(413, "Media quota exceeded"),
    MEDIA_TYPE_NOT_ALLOWED(415, "Media type not allowed"),
    MEDIA_NOT_READY(409, "Media not ready"),
    LIVE_QUERY_OVERFLOW(409, "Live query dropped"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RANGE_NOT_SATISFIABLE(416, "Range not satisfiable"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INTERNAL_ERROR(500, "Internal error");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The wire form, e.g. {@code otp_invalid}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public ParleyException exception(String detail) {
        return new ParleyException(this, detail);
    }
}
