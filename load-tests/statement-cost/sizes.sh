#!/usr/bin/env bash
# Does the size of the writer's statement, or how many run at once, change PostgreSQL's CPU per row?
# Runs the all-new statement (all-new.sql) with 50, 100 and 700 rows per statement (SIZES), from 1, 2
# and 4 pgbench clients at once (CLIENTS), synchronous_commit=off (CPU, not fsync), fresh tables before each, and
# prints the whole machine's busy CPU per stored row (pgbench included, so read differences).
#
#   usage: SCRATCH=yes [SIZES="1 8 50"] [CLIENTS="1 2"] bash load-tests/statement-cost/sizes.sh \
#            postgresql://postgres@127.0.0.1:PORT/sieve
#
# It EMPTIES events and event_ids: use a scratch database only (see run.sh). Needs as many rows in
# events as the largest size, and an otherwise idle machine.
set -euo pipefail
url=${1:?usage: SCRATCH=yes $0 postgresql://user@host:port/db}
[ "${SCRATCH:-}" = yes ] || { echo "refusing: this empties events and event_ids; set SCRATCH=yes" >&2; exit 2; }
dir=$(cd "$(dirname "$0")" && pwd)
seconds=${SECONDS_PER_VARIANT:-8}
sizes=${SIZES:-50 100 700}
clients_list=${CLIENTS:-1 2 4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
for rows in $sizes; do
  # setup.sql and all-new.sql are written for 100 rows in arrs100; the same with $rows rows
  sed "s/arrs100/arrs$rows/g; s/LIMIT 100/LIMIT $rows/" "$dir/setup.sql" > "$work/setup-$rows.sql"
  sed "s/arrs100/arrs$rows/g; s/generate_series(1,100)/generate_series(1,$rows)/" "$dir/all-new.sql" \
    > "$work/all-new-$rows.sql"
  psql "$url" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f "$work/setup-$rows.sql"
done
ticks=$(getconf CLK_TCK)
for round in 1 2; do
  for rows in $sizes; do
    for clients in $clients_list; do
      psql "$url" -X -q -c "TRUNCATE events, event_ids" -c "CHECKPOINT"
      before=$(busy)
      tps=$(PGOPTIONS="-c synchronous_commit=off" pgbench "$url" -n -M prepared -c "$clients" -j "$clients" \
            -T "$seconds" -f "$work/all-new-$rows.sql" 2>&1 | awk '/^tps/ {print $3}')
      after=$(busy)
      awk -v r="$round" -v n="$rows" -v c="$clients" -v t="$tps" -v s="$seconds" -v b="$((after - before))" \
          -v hz="$ticks" 'BEGIN { cores = b / hz / s; printf "round %s  %3d rows x %d clients  %7.0f rows/s  %4.2f cores busy  %5.1f us per row\n", r, n, c, t * n, cores, cores / (t * n) * 1e6 }'
    done
  done
done
for rows in $sizes; do
  [ "$rows" = 100 ] || psql "$url" -X -q -c "DROP TABLE IF EXISTS arrs$rows"
done
