package dev.sieve.ingest.http;

import dev.sieve.enforcement.DropReason;
import dev.sieve.ingest.decode.Rejection;
import dev.sieve.ingest.pipeline.IngestReceipt;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The 200 answer to {@code POST /v1/events}. A receipt without rejections holds only counts, so it
 * is written straight into a string with the keys encoded once; one with rejections (messages to
 * escape) goes through {@link JsonObject}. Both give the same bytes for the same receipt.
 */
final class ReceiptJson {
    private static final DropReason[] REASONS = DropReason.values();
    private static final String[] REASON_KEYS = new String[REASONS.length];

    static {
        for (int i = 0; i < REASONS.length; i++) {
            REASON_KEYS[i] = ',' + Json.encode(REASONS[i].wireName()) + ':';
        }
    }

    private ReceiptJson() {
    }

    static String encode(IngestReceipt receipt) {
        if (!receipt.rejected().isEmpty()) {
            return asObject(receipt).encode();
        }
        StringBuilder out = new StringBuilder(160)
                .append("{\"received\":").append(receipt.received())
                .append(",\"accepted\":").append(receipt.accepted())
                .append(",\"stored\":").append(receipt.stored())
                .append(",\"duplicates\":").append(receipt.duplicates())
                .append(",\"dropped\":{\"total\":").append(receipt.droppedTotal());
        for (int i = 0; i < REASONS.length; i++) {
            out.append(REASON_KEYS[i]).append(receipt.dropped().getOrDefault(REASONS[i], 0).intValue());
        }
        return out.append("},\"rejected\":[]}").toString();
    }

    /** The receipt as a {@link JsonObject}: the general form, whatever it holds. */
    static JsonObject asObject(IngestReceipt receipt) {
        JsonObject dropped = new JsonObject().put("total", receipt.droppedTotal());
        for (DropReason r : REASONS) {
            dropped.put(r.wireName(), receipt.dropped().getOrDefault(r, 0));
        }
        return new JsonObject()
                .put("received", receipt.received())
                .put("accepted", receipt.accepted())
                .put("stored", receipt.stored())
                .put("duplicates", receipt.duplicates())
                .put("dropped", dropped)
                .put("rejected", rejections(receipt.rejected()));
    }

    static JsonArray rejections(List<Rejection> rejections) {
        JsonArray out = new JsonArray();
        for (Rejection r : rejections) {
            out.add(new JsonObject().put("index", r.index()).put("code", r.code().wireName()).put("message", r.message()));
        }
        return out;
    }
}
