package dev.sieve.enforcement.policy;

import static dev.sieve.enforcement.policy.Action.DROP;
import static dev.sieve.enforcement.policy.Action.GENERALIZE;
import static dev.sieve.enforcement.policy.Action.KEEP;
import static dev.sieve.enforcement.policy.Action.PSEUDONYMIZE;
import static dev.sieve.enforcement.policy.Action.TRUNCATE;

import dev.sieve.enforcement.consent.LegalBasis;
import dev.sieve.enforcement.consent.Purpose;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rules Sieve enforces before the privacy team has written any: privacy by default.
 * Without consent the IP and device id are dropped and identifiers pseudonymised; with consent
 * the IP is truncated (/24, /48) and the device id pseudonymised. Marketing events without
 * consent are dropped whole; security (fraud prevention) rests on legitimate interests.
 */
public final class DefaultPolicy {
    private DefaultPolicy() {
    }

    public static Policy create() {
        Map<Purpose, PurposeRule> purposes = new EnumMap<>(Purpose.class);
        purposes.put(Purpose.ANALYTICS, new PurposeRule(LegalBasis.CONSENT, false));
        purposes.put(Purpose.DIAGNOSTICS, new PurposeRule(LegalBasis.CONSENT, false));
        purposes.put(Purpose.SECURITY, new PurposeRule(LegalBasis.LEGITIMATE_INTERESTS, false));
        purposes.put(Purpose.MARKETING, new PurposeRule(LegalBasis.CONSENT, true));

        Map<Field, FieldRule> fields = new EnumMap<>(Field.class);
        fields.put(Field.IP, new FieldRule(TRUNCATE, DROP));
        fields.put(Field.USER_ID, new FieldRule(PSEUDONYMIZE, PSEUDONYMIZE));
        fields.put(Field.ANONYMOUS_ID, new FieldRule(PSEUDONYMIZE, PSEUDONYMIZE));
        fields.put(Field.DEVICE_ID, new FieldRule(PSEUDONYMIZE, DROP));
        fields.put(Field.DEVICE_MODEL, new FieldRule(KEEP, GENERALIZE));
        fields.put(Field.DEVICE_MANUFACTURER, new FieldRule(KEEP, DROP));
        fields.put(Field.DEVICE_OS, new FieldRule(KEEP, KEEP));
        fields.put(Field.DEVICE_OS_VERSION, new FieldRule(KEEP, GENERALIZE));
        fields.put(Field.USER_AGENT, new FieldRule(GENERALIZE, GENERALIZE));
        fields.put(Field.PROPERTIES, new FieldRule(KEEP, KEEP));
        return Policy.create(1, purposes, fields, 24, 48);
    }
}
