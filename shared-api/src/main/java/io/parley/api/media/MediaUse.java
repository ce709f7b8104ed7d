package io.parley.api.media;

/** Where a media is used: what grants others access to it (API.md "Media"). */
public enum MediaUse {
    /** In a chat message: the chat's members may see it. */
    MESSAGE,
    /** As the user's avatar: every signed-in user may see it. */
    AVATAR,
    /** In a status: its audience may see it while the status lives. */
    STATUS
}
