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
source load-tests/fresh-service.sh
work=$(mktemp -d /tmp/sieve-fresh-open.XXXXXX)
pg="logging_collector=on,log_directory=$work/pglog,log_checkpoints=on,log_autovacuum_min_duration=0"
pg="$pg,log_min_duration_statement=50${settings:+,$settings}"
start_fresh_service "$work" "$pg"
generator=(java -Xms1g -Xmx2g -cp "$load" dev.sieve.loadtest.RunningServiceLoad --port 18080
  --writer-key "$(key writer)" --users 3000 --batch 1 --connections 256)

echo "work directory $work, PostgreSQL settings: ${settings:-defaults}"
"${generator[@]}" --consent-key "$(key consent)" --warmup-seconds 10 --measure-seconds 40 --runs 3 \
  >"$work/closed.txt" 2>&1
grep '^run' "$work/closed.txt"
"${generator[@]}" --rate "$rate" --warmup-seconds 5 --measure-seconds 15 --runs 4 --per-second \
  >"$work/open.txt" 2>&1
cat "$work/open.txt"
