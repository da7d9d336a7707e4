#!/usr/bin/env bash
# PostgreSQL's CPU per stored row for the writer's two statements (batches of 100): all-new.sql, the
# one sent first (plain inserts; fails if an id was stored before), and statement.sql, the one that
# skips stored ids (sent after such a failure). Beside them: the events insert without the event_ids
# dedupe, the dedupe insert alone, the bench's own overhead, all-new.sql as it was before the arrays
# were unnested in the select list (all-new-function-scan.sql: unnest(a, b, ...) in FROM), and a
# variant of the old statement.sql that filters by a semi-join instead of materialising the input
# (semi-join.sql).
# One pgbench client, synchronous_commit=off (CPU, not fsync), fresh tables before each variant.
#
#   usage: SCRATCH=yes bash load-tests/statement-cost/run.sh postgresql://postgres@127.0.0.1:PORT/sieve
#
# It EMPTIES events and event_ids: use a scratch database only, e.g. the one a load run keeps
# (java -jar load-tests/target/sieve-load.jar ... --keep-data, then start its PostgreSQL again).
set -euo pipefail
url=${1:?usage: SCRATCH=yes $0 postgresql://user@host:port/db}
[ "${SCRATCH:-}" = yes ] || { echo "refusing: this empties events and event_ids; set SCRATCH=yes" >&2; exit 2; }
dir=$(cd "$(dirname "$0")" && pwd)
seconds=${SECONDS_PER_VARIANT:-8}
psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$dir/setup.sql"
for round in 1 2; do
  for variant in overhead event-ids-only without-dedupe all-new-function-scan all-new statement semi-join; do
    psql "$url" -X -q -c "TRUNCATE events, event_ids" -c "CHECKPOINT"
    tps=$(PGOPTIONS="-c synchronous_commit=off" pgbench "$url" -n -M prepared -c 1 -T "$seconds" \
          -f "$dir/$variant.sql" 2>&1 | awk '/^tps/ {print $3}')
    awk -v v="$variant" -v r="$round" -v t="$tps" \
        'BEGIN { printf "round %s  %-21s %8.1f statements/s  %7.1f us per statement  %5.1f us per row\n", r, v, t, 1e6 / t, 1e4 / t }'
  done
done
