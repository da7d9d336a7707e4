package dev.sieve.loadtest.profile;

import java.util.List;

/**
 * Names the part of the service a stack frame belongs to. A sample is charged to the innermost
 * Sieve frame on its stack (so Jackson called by the decoder counts as decoding, HMAC called by
 * the pseudonymiser as pseudonymising); samples with no Sieve frame go by library.
 */
final class Components {
    private record Rule(String prefix, String component) {
    }

    private static final List<Rule> SIEVE = List.of(
            new Rule("ua_parser.", "enforcement: user-agent parsing (uap-java)"),
            new Rule("dev.sieve.enforcement.useragent.", "enforcement: user-agent parsing (uap-java)"),
            new Rule("dev.sieve.enforcement.pseudonym.", "enforcement: pseudonyms (HMAC-SHA256)"),
            new Rule("dev.sieve.enforcement.ip.", "enforcement: IP parse/truncate"),
            new Rule("dev.sieve.enforcement.", "enforcement: other"),
            new Rule("dev.sieve.ingest.decode.", "ingest: decode + validate JSON"),
            new Rule("dev.sieve.ingest.auth.", "ingest: auth"),
            new Rule("dev.sieve.ingest.http.", "ingest: HTTP handlers (answer, problems)"),
            new Rule("dev.sieve.ingest.pipeline.", "ingest: pipeline"),
            new Rule("dev.sieve.ingest.metrics.", "metrics"),
            new Rule("dev.sieve.ingest.", "ingest: other"),
            new Rule("dev.sieve.storage.pg.EventInsert", "storage: bind rows (EventInsert)"),
            new Rule("dev.sieve.storage.pg.", "storage: group-commit writer"),
            new Rule("dev.sieve.storage.consent.", "storage: consent lookup"),
            new Rule("dev.sieve.storage.", "storage: other"));

    private static final List<Rule> LIBRARIES = List.of(
            new Rule("io.vertx.pgclient.", "PostgreSQL client (vertx-pg-client)"),
            new Rule("io.vertx.sqlclient.", "PostgreSQL client (vertx-pg-client)"),
            new Rule("io.vertx.ext.web.", "vertx-web router / body handler"),
            new Rule("io.vertx.micrometer.", "metrics"),
            new Rule("io.micrometer.", "metrics"),
            new Rule("io.netty.handler.codec.http.", "HTTP codec (Vert.x/Netty)"),
            new Rule("io.vertx.core.http.", "HTTP codec (Vert.x/Netty)"),
            new Rule("io.netty.", "Netty I/O (sockets, buffers, event loop)"),
            new Rule("io.vertx.", "Vert.x core"),
            new Rule("com.fasterxml.jackson.", "Jackson (outside Sieve code)"),
            new Rule("com.github.benmanes.caffeine.", "storage: consent lookup"),
            new Rule("java.util.zip.", "gzip"));

    static final String OTHER = "JDK / VM / other";
    static final String PG_CLIENT_UNDER_STORAGE = "storage: vertx-pg-client encoding the batch (called by the writer)";

    private Components() {
    }

    /**
     * The component of a stack given as class names from the top frame down. The PostgreSQL
     * client's work called from the writer (encoding a batch's arrays into the wire format) is
     * told apart from the writer's own.
     */
    static String of(List<String> classesTopDown) {
        boolean inPgClient = false;
        for (String c : classesTopDown) {
            String match = match(SIEVE, c);
            if (match != null) {
                return inPgClient && c.startsWith("dev.sieve.storage.") ? PG_CLIENT_UNDER_STORAGE : match;
            }
            inPgClient |= c.startsWith("io.vertx.pgclient.") || c.startsWith("io.vertx.sqlclient.");
        }
        for (String c : classesTopDown) {
            String match = match(LIBRARIES, c);
            if (match != null) {
                return match;
            }
        }
        return OTHER;
    }

    private static String match(List<Rule> rules, String className) {
        for (Rule r : rules) {
            if (className.startsWith(r.prefix())) {
                return r.component();
            }
        }
        return null;
    }
}
