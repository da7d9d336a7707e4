package dev.sieve.storage.query;

import dev.sieve.storage.testing.Sql;
import java.time.Duration;
import java.time.Instant;

/**
 * Many stored events generated inside PostgreSQL (much faster than sending them): the shape of the
 * load tools' traffic after enforcement (page views, clicks, searches, purchases, errors; a
 * fifth marketing; a fifth without user key; ~300 bytes of properties), spread evenly over a span
 * of receive times, {@code users} users picked by a hash of the row number.
 */
final class SyntheticEvents {
    private SyntheticEvents() {
    }

    static void generate(String uri, Instant start, Duration span, long count, int users) {
        long daysBack = Duration.between(start, Instant.now()).toDays() + 1;
        Sql.execute(uri, "SELECT sieve_ensure_partitions(" + daysBack + ", 7)");
        Sql.execute(uri, "INSERT INTO events (event_id, received_at, event_time, event_type, purpose, user_key,"
                + " anonymous_key, ip_network, browser_family, browser_major, os_family, device_class, properties,"
                + " policy_version, consent_version, consented)"
                + " SELECT gen_random_uuid(), ts, ts - make_interval(secs => h % 7),"
                + " (ARRAY['page_view','page_view','page_view','page_view','page_view','page_view','click','click',"
                + "'search','add_to_cart','purchase','error'])[1 + h % 12],"
                + " CASE WHEN h % 12 = 11 THEN 'diagnostics' WHEN (h >> 4) % 10 < 2 THEN 'marketing' ELSE 'analytics' END,"
                + " CASE WHEN (h >> 8) % 10 < 8 THEN 'k1:' || substr(md5(u::text), 1, 22) END,"
                + " 'k1:' || substr(md5('a' || u), 1, 22),"
                + " ('10.' || (u % 250) || '.' || (u % 200) || '.0')::inet,"
                + " (ARRAY['Chrome','Firefox','Safari','Edge'])[1 + (h >> 12) % 4], (100 + (h >> 14) % 30)::text,"
                + " (ARRAY['Windows','macOS','Linux','Android','iOS'])[1 + (h >> 16) % 5],"
                + " (ARRAY['desktop','phone','tablet'])[1 + (h >> 18) % 3],"
                + " jsonb_build_object('path', '/' || (ARRAY['products','blog','help','account','checkout','pricing',"
                + "'docs'])[1 + (h >> 20) % 7] || '/' || ((h >> 3) % 500), 'title', 'Page ' || ((h >> 3) % 500),"
                + " 'locale', (ARRAY['en-GB','en-US','de-DE','fr-FR','nl-NL','es-ES','pl-PL','it-IT'])[1 + (h >> 22) % 8],"
                + " 'referrer', 'https://www.google.com/', 'search', CASE WHEN h % 12 = 8 THEN 'term ' || (h >> 5) % 3000 END,"
                + " 'campaign', jsonb_build_object('source', (ARRAY['newsletter','google','facebook','partner','direct'])"
                + "[1 + (h >> 24) % 5], 'medium', 'cpc'), 'loadMs', 80 + (h >> 6) % 2500),"
                + " 1, 1 + u % 3, true"
                + " FROM (SELECT g, ?::timestamptz + (g - 1) * (?::bigint * interval '1 microsecond') AS ts,"
                + " abs(hashint8(g)) AS h, abs(hashint8(g * 7 + 1)) % ? AS u"
                + " FROM generate_series(1, ?::bigint) AS g) s",
                java.sql.Timestamp.from(start), span.toNanos() / 1000 / count, users, count);
        Sql.execute(uri, "ANALYZE events");
    }
}
