package dev.sieve.enforcement.useragent;

/** A user agent reduced to what analysts need: browser family, its major version and the OS family. */
public record BrowserSummary(String family, String major, String osFamily) {
    public static final BrowserSummary UNKNOWN = new BrowserSummary(null, null, null);
}
