#!/usr/bin/env bash
# batch-100 posts against Sieve in direct mode, then in Kafka mode (one broker, one storage node,
# one ingest node), with the same generator settings; prints events/s and latency percentiles of
# each, and in Kafka mode how long the storage node took to catch up. Everything runs on this
# machine under a new temporary directory, on ports 127.0.0.1:1808x/1909x, and is killed at the end.
#
#   bash load-tests/kafka-vs-direct.sh [--measure-seconds 30] [--connections 16] ...
#
# Needs the jars: mvn -B -o package -pl kafka-broker,load-tests -am -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jar=ingest/target/sieve.jar
load=load-tests/target/sieve-load.jar
for f in "$jar" "$load" kafka-broker/target/lib; do
  [[ -e $f ]] || { echo "missing $f: mvn -B -o package -pl kafka-broker,load-tests -am -DskipTests" >&2; exit 2; }
done
work=$(mktemp -d /tmp/sieve-kafka-vs-direct.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
service_jvm=(-Xms1g -Xmx1g -XX:+UseG1GC)
generator=(java -Xms1g -Xmx1g -cp "$load" dev.sieve.loadtest.RunningServiceLoad --batch 100 --connections 16
  --warmup-seconds 10 --measure-seconds 30 "$@")

wait_for() { # url, log
  for _ in $(seq 1 600); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "no answer from $1; see $2" >&2; exit 1
}
secret() { grep "^$1=" "$2/dev-secrets.properties" | cut -d= -f2- | tr -d '\\'; }
pg_url() { grep -o 'postgresql://[^ ]*' "$1" | head -1; }

echo "== direct mode ($(cut -d' ' -f1-3 /proc/loadavg) load before)"
SIEVE_HTTP_PORT=18090 SIEVE_DATA_DIR="$work/direct" java "${service_jvm[@]}" -jar "$jar" >"$work/direct.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:18090/health/ready "$work/direct.log"
"${generator[@]}" --port 18090 --writer-key "$(secret writer.key "$work/direct")" \
  --consent-key "$(secret consent.key "$work/direct")" --pg-url "$(pg_url "$work/direct.log")" | tee "$work/direct.txt"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
pids=()

echo "== Kafka mode ($(cut -d' ' -f1-3 /proc/loadavg) load before)"
KAFKA_DATA_DIR="$work/kafka" KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 KAFKA_LOG_LEVEL=WARN \
  scripts/kafka-broker.sh >"$work/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do (echo >/dev/tcp/127.0.0.1/19092) 2>/dev/null && break; sleep 0.2; done
SIEVE_ROLE=storage SIEVE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 SIEVE_HTTP_PORT=18081 \
  SIEVE_DATA_DIR="$work/storage-node" java "${service_jvm[@]}" -jar "$jar" >"$work/storage-node.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:18081/health/ready "$work/storage-node.log"
pg=$(pg_url "$work/storage-node.log")
SIEVE_ROLE=ingest SIEVE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 SIEVE_HTTP_PORT=18080 SIEVE_PG_URL="$pg" \
  SIEVE_PSEUDONYM_KEY="$(secret pseudonym.key "$work/storage-node")" \
  java "${service_jvm[@]}" -jar "$jar" >"$work/ingest-node.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:18080/health/ready "$work/ingest-node.log"
"${generator[@]}" --port 18080 --writer-key "$(secret writer.key "$work/storage-node")" \
  --consent-key "$(secret consent.key "$work/storage-node")" --pg-url "$pg" | tee "$work/kafka.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); logs in $work"
