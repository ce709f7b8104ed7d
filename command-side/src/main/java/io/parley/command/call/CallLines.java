package io.parley.command.call;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Who is in a call: taken when a call starts, released when it ends, in the command's transaction. */
@Component
public class CallLines {

    private final CallLineRepository lines;

    CallLines(CallLineRepository lines) {
        this.lines = lines;
    }

    /** Takes the user's line for the call; false when they are in another call. */
    boolean take(String userId, String callId) {
        Optional<String> line = lines.callOf(userId);
        if (line.isPresent()) {
            return line.get().equals(callId);
        }
        try {
            lines.insert(userId, callId);
            return true;
        } catch (DataIntegrityViolationException race) {
            return false;
        }
    }

    void release(String userId, String callId) {
        lines.delete(userId, callId);
    }

    /** The call the user is in (ringing or active), if any. */
    public Optional<String> callOf(String userId) {
        return lines.callOf(userId);
    }
}
