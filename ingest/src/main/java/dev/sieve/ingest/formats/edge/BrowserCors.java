package dev.sieve.ingest.formats.edge;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.ingest.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * CORS for the ingestion routes. Preflights ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) are answered here with 204 and a cacheable
 * {@code Access-Control-Max-Age}; other requests get the allow headers and continue.
 *
 * <p>A request with an {@code Origin} that is not allowed is refused with 403 before its body
 * is read. Writer keys are public in a browser, so the origin list is what stops another site
 * from making its visitors' browsers send events; non-browser clients send no {@code Origin}
 * and are not affected. A listed origin is echoed with {@code Access-Control-Allow-Credentials};
 * {@code *} is answered as {@code *} without credentials.
 */
public final class BrowserCors implements Handler<RoutingContext> {
    /** Request headers the SDKs send that make a request non-simple. */
    static final Set<String> ALLOWED_HEADERS = Set.of("content-type", "content-encoding", "authorization",
            "sp-anonymous", "x-requested-with");

    private final Set<String> listed;
    private final boolean anyOrigin;
    private final String maxAgeSeconds;

    public BrowserCors(CorsSettings settings) {
        this.listed = settings.listedOrigins();
        this.anyOrigin = settings.allowsAnyOrigin();
        this.maxAgeSeconds = Long.toString(settings.maxAge().toSeconds());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String origin = req.getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        boolean isListed = listed.contains(origin.toLowerCase(Locale.ROOT));
        if (!isListed && !anyOrigin) {
            Problems.write(ctx, ErrorCode.FORBIDDEN, "this origin may not send events to Sieve", null);
            return;
        }
        HttpServerResponse res = ctx.response();
        res.putHeader("Vary", "Origin");
        if (isListed) {
            res.putHeader("Access-Control-Allow-Origin", origin);
            res.putHeader("Access-Control-Allow-Credentials", "true");
        } else {
            res.putHeader("Access-Control-Allow-Origin", "*");
        }
        String requestedMethod = req.getHeader("Access-Control-Request-Method");
        if (req.method() == HttpMethod.OPTIONS && requestedMethod != null) {
            res.putHeader("Access-Control-Allow-Methods", "GET, POST");
            String headers = allowedOf(req.getHeader("Access-Control-Request-Headers"));
            if (!headers.isEmpty()) {
                res.putHeader("Access-Control-Allow-Headers", headers);
            }
            res.putHeader("Access-Control-Max-Age", maxAgeSeconds);
            res.setStatusCode(204).end();
            return;
        }
        res.putHeader("Access-Control-Expose-Headers", "Retry-After");
        ctx.next();
    }

    /** The requested headers that are allowed, in the browser's spelling; others are left out, so the browser refuses. */
    private static String allowedOf(String requested) {
        if (requested == null) {
            return "";
        }
        StringJoiner out = new StringJoiner(", ");
        for (String header : requested.split(",")) {
            String name = header.trim();
            if (ALLOWED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                out.add(name);
            }
        }
        return out.toString();
    }
}
