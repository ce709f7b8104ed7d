package io.parley.command.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/** {@code parley.admins}: identifiers (E.164 phones or emails) whose users get the admin role. */
@ConfigurationProperties("parley")
record AdminProperties(List<String> admins) {

    AdminProperties {
        admins = admins == null ? List.of() : List.copyOf(admins);
    }
}
