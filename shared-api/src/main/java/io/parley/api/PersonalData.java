package io.parley.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event field holding a person's data (a text field). The app stores it encrypted under a key of the
 * person named by {@link #subject()} and destroys that key when the person is erased (API.md "Erasure"): from then
 * on the field reads {@value #ERASED}, in the audit, in replays and in rebuilt read models.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {

    /** What an erased field reads. */
    String ERASED = "[erased]";

    /** The record component holding the id of the user whose data this is. */
    String subject();

    /** Which of the subject's keys: profile data and message texts are erased separately. */
    DataKey key() default DataKey.PROFILE;

    enum DataKey {
        /** Phone, email, name, bio, status texts and captions, media file names. */
        PROFILE,
        /** The texts of the messages the user sent; erased only on request. */
        MESSAGES
    }
}
