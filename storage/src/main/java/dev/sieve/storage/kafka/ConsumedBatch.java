package dev.sieve.storage.kafka;

import dev.sieve.enforcement.EnforcedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, decoded: the events to store (with where each came from), the records that
 * did not decode, and the offsets to commit once all of it is stored.
 */
final class ConsumedBatch {
    /** An event and its position on the topic. */
    record Consumed(EnforcedEvent event, TopicPartition partition, long offset) {
        DeadLetter deadLetter(String error) {
            return new DeadLetter(partition.topic(), partition.partition(), offset, error);
        }
    }

    private final List<Consumed> consumed;
    private final List<DeadLetter> undecodable;
    private final Map<TopicPartition, Long> nextOffsets;
    private final int records;

    private ConsumedBatch(List<Consumed> consumed, List<DeadLetter> undecodable,
                          Map<TopicPartition, Long> nextOffsets, int records) {
        this.consumed = consumed;
        this.undecodable = undecodable;
        this.nextOffsets = nextOffsets;
        this.records = records;
    }

    static ConsumedBatch decode(ConsumerRecords<String, byte[]> records, EnforcedEventCodec codec) {
        List<Consumed> consumed = new ArrayList<>(records.count());
        List<DeadLetter> undecodable = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            next.merge(partition, record.offset() + 1, Math::max);
            try {
                consumed.add(new Consumed(codec.decode(record.value()), partition, record.offset()));
            } catch (UndecodableRecordException e) {
                undecodable.add(new DeadLetter(record.topic(), record.partition(), record.offset(),
                        "undecodable: " + e.getMessage()));
            } catch (RuntimeException e) {
                // Not expected; its message might quote the record, so only its type is kept.
                undecodable.add(new DeadLetter(record.topic(), record.partition(), record.offset(),
                        "undecodable: " + e.getClass().getName()));
            }
        }
        return new ConsumedBatch(consumed, undecodable, next, records.count());
    }

    List<Consumed> consumed() {
        return consumed;
    }

    List<EnforcedEvent> events() {
        return consumed.stream().map(Consumed::event).toList();
    }

    List<DeadLetter> undecodable() {
        return undecodable;
    }

    int records() {
        return records;
    }

    /** Offset + 1 of the last record per partition, for the partitions in {@code owned}. */
    Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(java.util.Set<TopicPartition> owned) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, next) -> {
            if (owned.contains(partition)) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        return offsets;
    }
}
