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
for rows in $sizes; do
  # setup.sql and all-new.sql are written for 100 rows in arrs100; the same with $rows rows
  sed "s/arrs100/arrs$rows/g; s/LIMIT 100/LIMIT $rows/" "$dir/setup.sql" > "$work/setup-$rows.sql"
  sed "s/arrs100/arrs$rows/g; s/generate_series(1,100)/generate_series(1,$rows)/" "$dir/all-new.sql" \
    > "$work/all-new-$rows.sql"
  psql "$url" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f "$work/setup-$rows.sql"
done
source "$dir/cpu-per-row.sh"
for round in 1 2; do
  for rows in $sizes; do
    for clients in $clients_list; do
      cpu_per_row "$(printf 'round %s  %3d rows x %d clients' "$round" "$rows" "$clients")" "$rows" "$clients" \
        "$work/all-new-$rows.sql"
    done
  done
done
drop_sized_arrays
