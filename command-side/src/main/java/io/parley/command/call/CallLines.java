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
        Optional<CallLine> line = lines.findById(userId);
        if (line.isPresent()) {
            return line.get().callId().equals(callId);
        }
        try {
            lines.saveAndFlush(new CallLine(userId, callId));
            return true;
        } catch (DataIntegrityViolationException race) {
            return false;
        }
    }

    void release(String userId, String callId) {
        lines.findById(userId).filter(line -> line.callId().equals(callId)).ifPresent(lines::delete);
    }

    /** The call the user is in (ringing or active), if any. */
    public Optional<String> callOf(String userId) {
        return lines.findById(userId).map(CallLine::callId);
    }
}
