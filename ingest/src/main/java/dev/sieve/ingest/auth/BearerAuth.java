package dev.sieve.ingest.auth;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** A route handler that lets a request through only with {@code Authorization: Bearer <key of role>}. */
public final class BearerAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";

    private final Supplier<ApiKeys> keys;
    private final Role required;

    public BearerAuth(Supplier<ApiKeys> keys, Role required) {
        this.keys = keys;
        this.required = required;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            ctx.fail(new SieveException(ErrorCode.UNAUTHORIZED, "send Authorization: Bearer <key>"));
            return;
        }
        Principal principal = keys.get().principalOf(header.substring(PREFIX.length()).trim()).orElse(null);
        if (principal == null) {
            ctx.fail(new SieveException(ErrorCode.UNAUTHORIZED, "unknown key"));
        } else if (principal.role() != required) {
            ctx.fail(new SieveException(ErrorCode.FORBIDDEN, "this key's role cannot use this endpoint"));
        } else {
            ctx.put(Principal.CONTEXT_KEY, principal);
            ctx.next();
        }
    }
}
