package dev.sieve.ingest.boot;

import dev.sieve.enforcement.consent.ConsentStore;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.storage.rights.Quarantine;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.ingest.http.ApiRouter;
import dev.sieve.ingest.http.ConsentHandler;
import dev.sieve.ingest.http.HealthHandler;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.WriterObserver;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The thread-safe parts every event loop shares. */
record SharedServices(
        ConsentStore consentStore,
        ConsentHandler consentHandler,
        PolicyStore policyStore,
        AtomicReference<ApiKeys> apiKeys,
        IngestMetrics metrics,
        WriterObserver writerObserver,
        List<GroupCommitWriter> writers,
        HealthHandler health,
        Handler<RoutingContext> metricsScrape,
        DryRuns dryRuns,
        ApiRouter.Management management,
        Quarantine quarantine) {
}
