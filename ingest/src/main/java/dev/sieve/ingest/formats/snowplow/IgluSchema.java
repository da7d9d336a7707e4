package dev.sieve.ingest.formats.snowplow;

/** Parts of an Iglu schema URI such as {@code iglu:com.acme/viewed_product/jsonschema/1-0-0}. */
final class IgluSchema {
    static final String SNOWPLOW_VENDOR = "com.snowplowanalytics.snowplow";

    private IgluSchema() {
    }

    /** The schema's name ({@code viewed_product}), or null when the text is not an Iglu URI. */
    static String name(String uri) {
        String[] parts = parts(uri);
        return parts == null ? null : parts[1];
    }

    static String vendor(String uri) {
        String[] parts = parts(uri);
        return parts == null ? null : parts[0];
    }

    /** Whether {@code uri} is Snowplow's own schema {@code name}, any version. */
    static boolean isSnowplow(String uri, String name) {
        String[] parts = parts(uri);
        return parts != null && parts[0].equals(SNOWPLOW_VENDOR) && parts[1].equals(name);
    }

    private static String[] parts(String uri) {
        if (uri == null || !uri.startsWith("iglu:")) {
            return null;
        }
        String[] parts = uri.substring(5).split("/");
        return parts.length == 4 ? parts : null;
    }
}
