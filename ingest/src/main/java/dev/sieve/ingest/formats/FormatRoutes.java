package dev.sieve.ingest.formats;

import dev.sieve.ingest.formats.edge.BrowserCors;
import dev.sieve.ingest.formats.edge.ClientAddress;
import dev.sieve.ingest.formats.edge.WriterKeys;
import dev.sieve.ingest.formats.posthog.PostHogDecoder;
import dev.sieve.ingest.formats.posthog.PostHogHandler;
import dev.sieve.ingest.formats.segment.SegmentCall;
import dev.sieve.ingest.formats.segment.SegmentDecoder;
import dev.sieve.ingest.formats.segment.SegmentHandler;
import dev.sieve.ingest.formats.snowplow.SnowplowDecoder;
import dev.sieve.ingest.formats.snowplow.SnowplowHandler;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.http.EventBodyReader;
import dev.sieve.ingest.http.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of the SDK wire formats (Segment, PostHog, Snowplow) and CORS for every ingestion
 * route, mounted on the application router by the composition root. The OpenAPI description of
 * these routes is {@code openapi-fragments/formats.yaml}.
 */
public final class FormatRoutes {
    /** Segment's documented paths and analytics.js's one-letter ones ({@code apiHost}/t, /p, /b ...). */
    public static final Map<String, SegmentCall> SEGMENT_PATHS = segmentPaths();
    /** PostHog's capture paths, each also without its trailing slash (SDKs and proxies differ). */
    public static final List<String> POSTHOG_PATHS = List.of("/capture/", "/capture", "/batch/", "/batch", "/e/", "/e",
            "/i/v0/e/", "/i/v0/e", "/track/", "/track");
    public static final String SNOWPLOW_POST_PATH = "/com.snowplowanalytics.snowplow/tp2";
    public static final String SNOWPLOW_PIXEL_PATH = "/i";
    /** The native ingestion route, which gets the same CORS handling. */
    public static final String NATIVE_EVENTS_PATH = "/v1/events";

    private FormatRoutes() {
    }

    /**
     * Adds every format route and the CORS handling of all ingestion routes, {@code /v1/events}
     * included. The CORS routes are ordered before every other route, so the call may come
     * before or after {@code ApiRouter.create} adds its own.
     */
    public static void mount(Router router, FormatDependencies deps) {
        EventRules rules = new EventRules(deps.limits(), deps.settings().typePurposes(), deps.ids());
        WriterKeys writers = new WriterKeys(deps.keys());
        ClientAddress address = new ClientAddress(deps.trustForwardedFor());
        EventBodyReader body = new EventBodyReader(deps.limits().maxBodyBytes());
        Problems problems = new Problems();

        SegmentHandler segment = new SegmentHandler(new SegmentDecoder(rules), deps.pipeline(), writers,
                deps.policies(), deps.clock(), address);
        SEGMENT_PATHS.forEach((path, call) -> post(router, path, body, segment.handlerFor(call), problems));

        PostHogHandler posthog = new PostHogHandler(new PostHogDecoder(rules), deps.pipeline(), writers, deps.clock(),
                address);
        for (String path : POSTHOG_PATHS) {
            post(router, path, body, posthog, problems);
            router.get(path).handler(posthog).failureHandler(problems);
        }

        SnowplowHandler snowplow = new SnowplowHandler(new SnowplowDecoder(rules), deps.pipeline(), writers,
                deps.settings().snowplowApps(), deps.policies(), deps.clock(), address);
        post(router, SNOWPLOW_POST_PATH, body, snowplow::post, problems);
        router.get(SNOWPLOW_PIXEL_PATH).handler(snowplow::pixel).failureHandler(problems);

        BrowserCors cors = new BrowserCors(deps.settings().cors());
        for (String path : ingestionPaths()) {
            router.route(path).order(-1).handler(cors);
        }
    }

    /** Every path {@link #mount} puts CORS in front of. */
    public static List<String> ingestionPaths() {
        List<String> paths = new ArrayList<>(SEGMENT_PATHS.keySet());
        paths.addAll(POSTHOG_PATHS);
        paths.add(SNOWPLOW_POST_PATH);
        paths.add(SNOWPLOW_PIXEL_PATH);
        paths.add(NATIVE_EVENTS_PATH);
        return paths;
    }

    private static void post(Router router, String path, EventBodyReader body, Handler<RoutingContext> handler,
                             Problems problems) {
        Route route = router.post(path).handler(body).handler(handler);
        route.failureHandler(problems);
    }

    private static Map<String, SegmentCall> segmentPaths() {
        Map<String, SegmentCall> paths = new LinkedHashMap<>();
        for (SegmentCall call : SegmentCall.values()) {
            paths.put("/v1/" + call.wireName(), call);
            paths.put("/v1/" + call.wireName().charAt(0), call);
        }
        paths.put("/v1/import", SegmentCall.BATCH);
        return Collections.unmodifiableMap(paths);
    }
}
