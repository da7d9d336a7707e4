package dev.sieve.loadtest.limits;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.EnforcementOutcome;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.ingest.decode.IndexedEvent;
import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.loadtest.generator.EventTemplate;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows the service stores for the generator's events, made here without HTTP: each template
 * decoded by the service's own {@link EventDecoder} and enforced by its {@link Enforcer} under the
 * default policy, for a subject who granted every purpose. The limits write these rows, so they
 * compare like with like.
 */
public final class SameRows {
    private static final RecordCopier<Event> EVENTS = new RecordCopier<>(Event.class, "id");
    private static final RecordCopier<EnforcedEvent> ENFORCED = new RecordCopier<>(EnforcedEvent.class, "eventId");

    private final List<Event> events;
    private final List<Object[]> eventValues = new ArrayList<>();
    private final List<EnforcedEvent> enforced = new ArrayList<>();
    private final List<Object[]> enforcedValues = new ArrayList<>();
    private final List<UserConsent> consents = new ArrayList<>();

    public SameRows(List<EventTemplate> templates) {
        this.events = decode(templates);
        Enforcer enforcer = newEnforcer();
        Policy policy = policy();
        for (Event e : events) {
            UserConsent consent = granted(e.subjectId());
            consents.add(consent);
            EnforcementOutcome outcome = enforcer.apply(e, consent, policy);
            if (outcome.isDropped()) {
                throw new IllegalStateException("a granted-consent template was dropped: " + outcome.dropReason());
            }
            enforced.add(outcome.event());
            enforcedValues.add(ENFORCED.values(outcome.event()));
            eventValues.add(EVENTS.values(e));
        }
    }

    /** Decodes every template (with a placeholder id) exactly as the service would. */
    public static List<Event> decode(List<EventTemplate> templates) {
        EventDecoder decoder = EventDecoder.withDefaults();
        EventIds ids = new EventIds(0);
        Instant now = Instant.now();
        List<Event> out = new ArrayList<>(templates.size());
        for (int i = 0; i < templates.size(); i++) {
            EventTemplate t = templates.get(i);
            byte[] body = new byte[t.length()];
            t.write(ids, i, body, 0);
            List<IndexedEvent> decoded = decoder.decode(body, "application/json", null, "127.0.0.1", now).events();
            if (decoded.size() != 1) {
                throw new IllegalStateException("template " + i + " does not decode to one valid event");
            }
            out.add(decoded.get(0).event());
        }
        return List.copyOf(out);
    }

    /** An enforcer as the service builds one per event loop, with a fresh random pseudonym key. */
    public static Enforcer newEnforcer() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Enforcer(new Pseudonymizer(new PseudonymKey("k1", secret)), new UserAgentGeneralizer());
    }

    /** The policy a fresh service seeds (version 1). */
    public static Policy policy() {
        return DefaultPolicy.create();
    }

    public static UserConsent granted(String subject) {
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        for (Purpose p : Purpose.values()) {
            states.put(p, ConsentState.GRANTED);
        }
        return new UserConsent(subject, states, 1);
    }

    public int size() {
        return events.size();
    }

    public List<Event> events() {
        return events;
    }

    public List<EnforcedEvent> enforced() {
        return List.copyOf(enforced);
    }

    /** Row {@code template} with a new id. */
    public EnforcedEvent enforcedCopy(int template, UUID id) {
        return ENFORCED.copy(enforcedValues.get(template), id);
    }

    /** The registry's answer for the subject of event {@code template}: every purpose granted. */
    public UserConsent consent(int template) {
        return consents.get(template);
    }

    /** Event {@code template} with a new id, before enforcement. */
    public Event eventCopy(int template, UUID id) {
        return EVENTS.copy(eventValues.get(template), id);
    }
}
