package io.parley.command;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Hamcrest matcher for the domain exceptions aggregates throw, shared by the fixture tests. */
public final class DomainErrorMatchers {

    private DomainErrorMatchers() {
    }

    public static Matcher<ParleyException> matchesCode(ErrorCode code, Integer retryAfterSeconds) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ParleyException e) {
                return e.errorCode() == code
                        && (retryAfterSeconds == null || Long.valueOf(retryAfterSeconds).equals(e.retryAfterSeconds()));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a ParleyException " + code + (retryAfterSeconds == null ? "" : " retry after " + retryAfterSeconds + "s"));
            }
        };
    }
}
