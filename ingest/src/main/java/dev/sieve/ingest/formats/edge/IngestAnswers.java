package dev.sieve.ingest.formats.edge;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.ingest.decode.DecodedBatch;
import dev.sieve.ingest.decode.Rejection;
import dev.sieve.ingest.http.Problems;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.pipeline.IngestReceipt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Hands a decoded foreign batch to the one ingest path and answers in the format's own way
 * once every stored event is durable. Failures go to the router's failure handler
 * ({@link Problems}: 4xx problem+json, 503 with Retry-After); a request whose every event was
 * invalid is a 400 naming the rejected indexes, as for {@code POST /v1/events}.
 */
public final class IngestAnswers {

    /** Writes a format's success answer (its 2xx status and body). */
    @FunctionalInterface
    public interface Success {
        void write(RoutingContext ctx, IngestReceipt receipt);
    }

    private IngestAnswers() {
    }

    public static void deliver(RoutingContext ctx, IngestPipeline pipeline, DecodedBatch batch, Success success) {
        pipeline.ingest(batch).onComplete(receipt -> answer(ctx, receipt, success), ctx::fail);
    }

    private static void answer(RoutingContext ctx, IngestReceipt receipt, Success success) {
        if (receipt.received() > 0 && receipt.rejected().size() == receipt.received()) {
            Problems.write(ctx, ErrorCode.INVALID_EVENT, "no event of the request is valid; see 'rejected'",
                    new JsonObject().put("rejected", rejections(receipt.rejected())));
        } else {
            success.write(ctx, receipt);
        }
    }

    /** Index, code and message of each rejection; messages never hold values from the body. */
    public static JsonArray rejections(List<Rejection> rejections) {
        JsonArray out = new JsonArray();
        for (Rejection r : rejections) {
            out.add(new JsonObject().put("index", r.index()).put("code", r.code().wireName()).put("message", r.message()));
        }
        return out;
    }
}
