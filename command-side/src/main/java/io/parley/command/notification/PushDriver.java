package io.parley.command.notification;

import io.parley.api.notification.DevicePushes.DevicePush;

/** Sends one push to one device of its platform, and says how it went. */
interface PushDriver {

    enum Outcome {
        SENT,
        /** The provider says the device is no more: it is removed. */
        GONE,
        /** The provider is down, slow or throttling: worth trying again later. */
        RETRY,
        /** The provider refused this push: trying again would not help. */
        REJECTED
    }

    String platform();

    /** {@code text}: the message text to show, or null (previews are off, or there is none). */
    Outcome send(PushDevice device, DevicePush push, String text);
}
