#!/usr/bin/env bash
# Single-event posts in the open model against a fresh service (zero-config, embedded PostgreSQL,
# new data directory), with PostgreSQL settings of your choice, second by second. The service is
# warmed first with three closed runs of 40 s (so its JIT has settled), then the open phase runs
# four times in one generator JVM: run 1 measures the generator's own JIT warm-up, so read runs 3
# and 4. PostgreSQL logs checkpoints, autovacuum and statements over 50 ms to <work>/pglog.
#
#   bash load-tests/fresh-service-open.sh [PG_SETTINGS] [RATE]
#   bash load-tests/fresh-service-open.sh wal_init_zero=on 5000
#
# PG_SETTINGS is added to SIEVE_EMBEDDED_PG_SETTINGS ("" for the defaults). Everything runs on
# 127.0.0.1:18080 under a new temporary directory, which is kept (its path is printed) and the
# service is stopped at the end. Needs the jars: mvn -B -o package -pl load-tests -am -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
settings=${1:-}
rate=${2:-5000}
jar=ingest/target/sieve.jar
load=load-tests/target/sieve-load.jar
for f in "$jar" "$load"; do
  [[ -e $f ]] || { echo "missing $f: mvn -B -o package -pl load-tests -am -DskipTests" >&2; exit 2; }
done
work=$(mktemp -d /tmp/sieve-fresh-open.XXXXXX)
pg="logging_collector=on,log_directory=$work/pglog,log_checkpoints=on,log_autovacuum_min_duration=0"
pg="$pg,log_min_duration_statement=50${settings:+,$settings}"
service=""
cleanup() { [[ -n $service ]] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null || true; }
trap cleanup EXIT

SIEVE_DATA_DIR=$work/data SIEVE_HTTP_PORT=18080 SIEVE_HTTP_HOST=127.0.0.1 SIEVE_LIMITS_BODY_BYTES=2097152 \
  SIEVE_EMBEDDED_PG_SETTINGS=$pg java -Xms1g -Xmx1g -jar "$jar" >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 120); do
  grep -q 'Sieve is running' "$work/service.log" && break
  kill -0 "$service" 2>/dev/null || { echo "the service did not start; see $work/service.log" >&2; exit 1; }
  sleep 1
done
key() { grep "^$1.key" "$work/data/dev-secrets.properties" | cut -d= -f2; }
generator=(java -Xms1g -Xmx2g -cp "$load" dev.sieve.loadtest.RunningServiceLoad --port 18080
  --writer-key "$(key writer)" --users 3000 --batch 1 --connections 256)

echo "work directory $work, PostgreSQL settings: ${settings:-defaults}"
"${generator[@]}" --consent-key "$(key consent)" --warmup-seconds 10 --measure-seconds 40 --runs 3 \
  >"$work/closed.txt" 2>&1
grep '^run' "$work/closed.txt"
"${generator[@]}" --rate "$rate" --warmup-seconds 5 --measure-seconds 15 --runs 4 --per-second \
  >"$work/open.txt" 2>&1
cat "$work/open.txt"
