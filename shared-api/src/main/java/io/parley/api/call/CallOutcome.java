package io.parley.api.call;

import java.util.Locale;

/** How a call ended (API.md "Calls"). */
public enum CallOutcome {
    ANSWERED, MISSED, DECLINED, CANCELLED, BUSY;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
