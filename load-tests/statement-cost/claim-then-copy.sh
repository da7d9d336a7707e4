#!/usr/bin/env bash
# Would COPY store the events cheaper than the writer's statement? Compares, per stored row:
#   all-new      the writer's all-new statement (all-new.sql): claim the ids in event_ids and insert
#                the rows from unnested arrays, one statement;
#   claim+copy   one transaction: the same claim of the ids, then COPY ... FROM (FORMAT binary) of
#                the rows (COPY inserts a page of rows at a time, INSERT ... SELECT one at a time);
#   claim, copy  each half alone.
# With SIZES rows per statement (default 100 and 640, the writer's usual size under load), one
# pgbench client, prepared statements, synchronous_commit=off (CPU, not fsync), fresh tables before
# each; prints the whole machine's busy CPU per stored row (pgbench included, so read differences).
#
#   usage: SCRATCH=yes [SIZES="100 640"] bash load-tests/statement-cost/claim-then-copy.sh \
#            postgresql://postgres@127.0.0.1:PORT/sieve
#
# It EMPTIES events and event_ids: use a scratch database only (see run.sh); needs as many rows in
# events as the largest size. The server writes the rows it copies to /tmp/sieve-claim-then-copy-N.bin
# (server-side COPY: connect as a superuser or a member of pg_write_server_files/pg_read_server_files).
set -euo pipefail
url=${1:?usage: SCRATCH=yes $0 postgresql://user@host:port/db}
[ "${SCRATCH:-}" = yes ] || { echo "refusing: this empties events and event_ids; set SCRATCH=yes" >&2; exit 2; }
dir=$(cd "$(dirname "$0")" && pwd)
seconds=${SECONDS_PER_VARIANT:-8}
sizes=${SIZES:-100 640}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
columns="event_id, received_at, event_time, event_type, purpose, user_key, anonymous_key, ip_network, ip_key,
  device_key, device_model, device_class, device_manufacturer, device_os, device_os_version, user_agent,
  browser_family, browser_major, os_family, properties, policy_version, consent_version, consented"
columns=$(echo $columns)
for rows in $sizes; do
  sed "s/arrs100/arrs$rows/g; s/LIMIT 100/LIMIT $rows/" "$dir/setup.sql" > "$work/setup-$rows.sql"
  psql "$url" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f "$work/setup-$rows.sql"
  file=/tmp/sieve-claim-then-copy-$rows.bin
  psql "$url" -X -q -v ON_ERROR_STOP=1 \
    -c "COPY (SELECT $columns FROM events LIMIT $rows) TO '$file' (FORMAT binary)"
  sed "s/arrs100/arrs$rows/g; s/generate_series(1,100)/generate_series(1,$rows)/" "$dir/all-new.sql" \
    > "$work/all-new-$rows.sql"
  claim="WITH ids AS MATERIALIZED (SELECT array_agg(gen_random_uuid()) a1 FROM generate_series(1,$rows))
    INSERT INTO event_ids (event_id, received_at) SELECT unnest((SELECT a1 FROM ids)) AS event_id,
    unnest((SELECT a2 FROM arrs$rows)) AS received_at ORDER BY event_id;"
  copy="COPY events ($columns) FROM '$file' (FORMAT binary);"
  echo $claim > "$work/claim-$rows.sql"
  echo "$copy" > "$work/copy-$rows.sql"
  printf 'BEGIN;\n%s\n%s\nCOMMIT;\n' "$(echo $claim)" "$copy" > "$work/claim+copy-$rows.sql"
done
source "$dir/cpu-per-row.sh"
for round in 1 2; do
  for rows in $sizes; do
    for variant in all-new claim+copy claim copy; do
      cpu_per_row "$(printf 'round %s  %-10s %3d rows' "$round" "$variant" "$rows")" "$rows" 1 \
        "$work/$variant-$rows.sql"
    done
  done
done
drop_sized_arrays
