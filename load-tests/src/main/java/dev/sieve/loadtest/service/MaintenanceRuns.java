package dev.sieve.loadtest.service;

/** Counts of vacuum and analyze runs on the event tables (see {@link Database#maintenanceRuns()}). */
public record MaintenanceRuns(long vacuums, long analyzes) {
    public static final MaintenanceRuns NONE = new MaintenanceRuns(0, 0);

    /** The runs between {@code earlier} and this count. */
    public MaintenanceRuns since(MaintenanceRuns earlier) {
        return new MaintenanceRuns(vacuums - earlier.vacuums, analyzes - earlier.analyzes);
    }
}
