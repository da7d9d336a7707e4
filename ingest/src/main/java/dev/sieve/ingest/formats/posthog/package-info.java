/** PostHog's capture API: {@code /capture/}, {@code /batch/}, {@code /e/}, {@code /i/v0/e/}, {@code /track/}. */
package dev.sieve.ingest.formats.posthog;
