package dev.sieve.ingest.http;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.consent.SharedSubjects;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.consent.ConsentImport;
import dev.sieve.storage.consent.ConsentRepository;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/consent-imports} (consent key): migrates choices from a consent-management
 * platform. NDJSON, one subject per line: {@code {"userId": "u-1", "analytics": true, "marketing": false}}.
 * Valid lines are imported in transactions of {@value #CHUNK} subjects; invalid lines are named
 * by number (1-based) and skipped. Answers never repeat user ids.
 */
public final class ConsentImportHandler {
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final int CHUNK = 1000;
    private static final int MAX_SUBJECT_LENGTH = 200;
    private final ConsentRepository repository;

    public ConsentImportHandler(ConsentRepository repository) {
        this.repository = repository;
    }

    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-ndjson")) {
            throw new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/x-ndjson, one subject per line");
        }
        String[] lines = ctx.body().buffer() == null ? new String[0]
                : new String(ctx.body().buffer().getBytes(), StandardCharsets.UTF_8).split("\n");
        List<ConsentImport> rows = new ArrayList<>();
        JsonArray rejected = new JsonArray();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                rows.add(parse(lines[i]));
            } catch (SieveException e) {
                rejected.add(new JsonObject().put("line", i + 1).put("message", e.getMessage()));
            }
        }
        if (rows.isEmpty()) {
            Problems.write(ctx, ErrorCode.INVALID_REQUEST, "no valid line to import",
                    new JsonObject().put("rejected", rejected));
            return;
        }
        importChunks(rows, 0, 0).onComplete(imported -> RequestBodies.json(ctx, 200,
                new JsonObject().put("imported", imported).put("rejected", rejected)), ctx::fail);
    }

    private Future<Integer> importChunks(List<ConsentImport> rows, int from, int done) {
        if (from >= rows.size()) {
            return Future.succeededFuture(done);
        }
        List<ConsentImport> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
        return repository.importBatch(chunk, "import")
                .compose(n -> importChunks(rows, from + chunk.size(), done + n));
    }

    private static ConsentImport parse(String line) {
        JsonObject o;
        try {
            o = new JsonObject(line);
        } catch (DecodeException | ClassCastException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "not a JSON object");
        }
        if (!(o.getValue("userId") instanceof String subject) || subject.isEmpty()
                || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'userId' must be a string of 1-200 characters");
        }
        if (SharedSubjects.isShared(subject)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, SharedSubjects.REFUSAL);
        }
        Map<Purpose, Boolean> choices = new EnumMap<>(Purpose.class);
        for (String name : o.fieldNames()) {
            if (name.equals("userId")) {
                continue;
            }
            Purpose purpose = Purpose.fromWire(name).orElseThrow(() -> new SieveException(ErrorCode.INVALID_REQUEST,
                    "unknown key; known: userId, analytics, diagnostics, security, marketing"));
            if (!(o.getValue(name) instanceof Boolean granted)) {
                throw new SieveException(ErrorCode.INVALID_REQUEST, "'" + purpose.wireName() + "' must be true or false");
            }
            choices.put(purpose, granted);
        }
        if (choices.isEmpty()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "name at least one purpose");
        }
        return new ConsentImport(subject, choices);
    }
}
