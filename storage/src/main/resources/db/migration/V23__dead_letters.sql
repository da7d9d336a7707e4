-- Kafka mode: records a storage node could not store (undecodable, or refused by PostgreSQL as
-- data). Only the record's position and the error class are kept, never its payload.
CREATE TABLE IF NOT EXISTS dead_letters (
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    error           text        NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);

COMMENT ON TABLE dead_letters IS
    'Kafka records skipped by a storage node: position and error class only (no payload). The consumer '
    'commits past them so one bad record cannot stop the partition; the record stays on the topic.';
