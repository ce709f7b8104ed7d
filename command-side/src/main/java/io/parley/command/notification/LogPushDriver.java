package io.parley.command.notification;

import io.parley.api.notification.DevicePushes.DevicePush;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A platform with no driver configured: logs that a push would be sent, and nothing of its content. */
class LogPushDriver implements PushDriver {

    private static final Logger log = LoggerFactory.getLogger(LogPushDriver.class);

    private final String platform;

    LogPushDriver(String platform) {
        this.platform = platform;
    }

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public Outcome send(PushDevice device, DevicePush push, String text) {
        log.info("Would push a {} notification to {} ({} is not configured)", push.type(), device, platform);
        return Outcome.SENT;
    }
}
