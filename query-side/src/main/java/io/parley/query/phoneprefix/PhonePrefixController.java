package io.parley.query.phoneprefix;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.parley.api.ErrorCode;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * API.md: dial codes of every region libphonenumber supports, with English country names, sorted by country as people
 * read them: an English collator, on which accents matter only between otherwise equal names, so "Åland Islands"
 * comes next to "Albania" and "Réunion" before "Romania", not after "Zimbabwe" as in code point order.
 */
@RestController
@Validated
class PhonePrefixController {

    record PhonePrefix(String country, String iso2, String dial_code) {
    }

    private final List<PhonePrefix> prefixes;

    PhonePrefixController() {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        Collator english = Collator.getInstance(Locale.ENGLISH);
        english.setStrength(Collator.SECONDARY);
        this.prefixes = phones.getSupportedRegions().stream()
                .map(region -> new PhonePrefix(new Locale("", region).getDisplayCountry(Locale.ENGLISH), region,
                        "+" + phones.getCountryCodeForRegion(region)))
                .sorted(Comparator.comparing(PhonePrefix::country, english).thenComparing(PhonePrefix::iso2))
                .toList();
    }

    @GetMapping(value = "/api/phone-prefix", params = "!country")
    List<PhonePrefix> all() {
        return prefixes;
    }

    @GetMapping(value = "/api/phone-prefix", params = "country")
    PhonePrefix one(@RequestParam @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166 alpha-2 code") String country) {
        String iso2 = country.toUpperCase(Locale.ROOT);
        return prefixes.stream().filter(p -> p.iso2().equals(iso2)).findFirst()
                .orElseThrow(() -> ErrorCode.COUNTRY_NOT_FOUND.exception("No dial code is known for " + iso2 + "."));
    }
}
