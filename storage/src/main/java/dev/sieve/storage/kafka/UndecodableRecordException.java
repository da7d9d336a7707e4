package dev.sieve.storage.kafka;

/**
 * A record on the events topic that is not an enforced event Sieve can read. The message names
 * what is wrong (a field, the schema version) and never quotes the record.
 */
public final class UndecodableRecordException extends RuntimeException {

    UndecodableRecordException(String safeMessage) {
        super(safeMessage, null, false, false);
    }
}
