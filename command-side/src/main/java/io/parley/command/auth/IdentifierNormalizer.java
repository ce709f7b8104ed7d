package io.parley.command.auth;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.parley.api.ErrorCode;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.regex.Pattern;

/** API.md "Identifiers": phones to E.164 (a national number needs a region), emails trimmed and lower-cased. */
@Component
public class IdentifierNormalizer {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$");
    private static final int MAX_EMAIL = 254;

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public Identifier normalize(String raw, String region) {
        String value = raw == null ? "" : raw.trim();
        if (value.contains("@")) {
            String email = value.toLowerCase(Locale.ROOT);
            if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
                throw invalid();
            }
            return new Identifier(Identifier.Method.EMAIL, email);
        }
        return new Identifier(Identifier.Method.PHONE, normalizePhone(value, region));
    }

    private String normalizePhone(String value, String region) {
        String regionCode = region == null ? null : region.trim().toUpperCase(Locale.ROOT);
        if (!value.startsWith("+") && (regionCode == null || !phones.getSupportedRegions().contains(regionCode))) {
            throw invalid();
        }
        try {
            PhoneNumber number = phones.parse(value, value.startsWith("+") ? null : regionCode);
            if (!phones.isValidNumber(number)) {
                throw invalid();
            }
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return ErrorCode.INVALID_IDENTIFIER.exception("Not an email address nor a valid phone number.");
    }
}
