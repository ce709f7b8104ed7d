package io.parley.command.call;

/**
 * Socket pushes ({@code {type, data, ts}} on {@code /user/queue/events}) addressed by session, on whichever node holds
 * the session: the app provides it (through the Redis fan-out when there are several nodes).
 */
public interface CallPushes {

    /** To every session of the user. */
    void toUser(String userId, String type, Object data);

    /** To one session of the user. */
    void toSession(String userId, String sessionId, String type, Object data);

    /** To every session of the user but one. */
    void toUserExcept(String userId, String exceptSessionId, String type, Object data);
}
