package dev.sieve.storage.query;

/** How exported events are written: one JSON object per line, or CSV with a header line. */
public enum ExportFormat {
    NDJSON("application/x-ndjson"),
    CSV("text/csv; charset=utf-8");

    private final String contentType;

    ExportFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The format named {@code name} ({@code ndjson} or {@code csv}); a 400 otherwise. */
    public static ExportFormat fromWire(String name) {
        if ("ndjson".equals(name)) {
            return NDJSON;
        }
        if ("csv".equals(name)) {
            return CSV;
        }
        throw InvalidQuery.because("'format' must be ndjson or csv");
    }
}
