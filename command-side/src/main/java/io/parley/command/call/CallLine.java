package io.parley.command.call;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Set-based validation table: the one call (ringing or active) a user is in. Written in the same transaction as the
 * command that starts or ends the call, so a user can never be in two calls, whichever node handles them.
 */
@Entity
@Table(name = "call_lines")
class CallLine {

    @Id
    @Column(length = 36)
    private String userId;
    @Column(nullable = false, length = 36)
    private String callId;

    protected CallLine() {
    }

    CallLine(String userId, String callId) {
        this.userId = userId;
        this.callId = callId;
    }

    String callId() {
        return callId;
    }
}
