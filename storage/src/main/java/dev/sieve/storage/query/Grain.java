package dev.sieve.storage.query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The width of a time bucket. Buckets are aligned to UTC; each grain bounds the range it may cover. */
public enum Grain {
    MINUTE(ChronoUnit.MINUTES, Duration.ofDays(7)),
    HOUR(ChronoUnit.HOURS, Duration.ofDays(92)),
    DAY(ChronoUnit.DAYS, Duration.ofDays(366));

    private final ChronoUnit unit;
    private final Duration maxRange;

    Grain(ChronoUnit unit, Duration maxRange) {
        this.unit = unit;
        this.maxRange = maxRange;
    }

    /** The name in the API and for PostgreSQL's {@code date_trunc}: {@code minute}, {@code hour}, {@code day}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The widest time range a query with buckets of this grain may cover. */
    public Duration maxRange() {
        return maxRange;
    }

    /** The start of the bucket holding {@code time}. */
    public Instant floor(Instant time) {
        return time.truncatedTo(unit);
    }

    /** The start of the first bucket that starts at or after {@code time}. */
    public Instant ceil(Instant time) {
        Instant floor = floor(time);
        return floor.equals(time) ? floor : next(floor);
    }

    /** The start of the bucket after the one starting at {@code bucket}. */
    public Instant next(Instant bucket) {
        return bucket.plus(1, unit);
    }

    /** The grain named {@code name}; a 400 for anything else. */
    public static Grain fromWire(String name) {
        for (Grain g : values()) {
            if (g.wireName().equals(name)) {
                return g;
            }
        }
        throw InvalidQuery.because("'bucket' must be one of minute, hour, day");
    }
}
