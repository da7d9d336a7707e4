package dev.sieve.ingest.decode;

import java.util.List;

/**
 * The outcome of decoding one request that was well-formed as a whole: the accepted events and
 * the rejected indexes, both in request order.
 *
 * @param total how many events the request held; {@code events.size() + rejections.size()}
 */
public record DecodedBatch(List<IndexedEvent> events, List<Rejection> rejections, int total) {

    public DecodedBatch {
        events = List.copyOf(events);
        rejections = List.copyOf(rejections);
        if (events.size() + rejections.size() != total) {
            throw new IllegalArgumentException("total must count every event and rejection");
        }
    }
}
