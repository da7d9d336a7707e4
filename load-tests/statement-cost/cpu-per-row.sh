# Sourced by sizes.sh and claim-then-copy.sh (needs $url, $seconds and $sizes set).

busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
ticks=$(getconf CLK_TCK)

# cpu_per_row LABEL ROWS CLIENTS SQL_FILE: empties events and event_ids, runs SQL_FILE (ROWS stored
# rows per transaction) from CLIENTS pgbench clients for $seconds, prepared, synchronous_commit=off,
# and prints LABEL with the rows/s and the whole machine's busy CPU per stored row.
cpu_per_row() {
  local label=$1 rows=$2 clients=$3 file=$4 before after tps
  psql "$url" -X -q -c "TRUNCATE events, event_ids" -c "CHECKPOINT"
  before=$(busy)
  tps=$(PGOPTIONS="-c synchronous_commit=off" pgbench "$url" -n -M prepared -c "$clients" -j "$clients" \
        -T "$seconds" -f "$file" 2>&1 | awk '/^tps/ {print $3}')
  after=$(busy)
  awk -v l="$label" -v n="$rows" -v t="$tps" -v s="$seconds" -v b="$((after - before))" -v hz="$ticks" \
      'BEGIN { cores = b / hz / s; printf "%s  %7.0f rows/s  %4.2f cores busy  %5.1f us per row\n", l, t * n, cores, cores / (t * n) * 1e6 }'
}

# The arrays setup.sql made for each size but 100 (run.sh keeps arrs100).
drop_sized_arrays() {
  for rows in $sizes; do
    [ "$rows" = 100 ] || psql "$url" -X -q -c "DROP TABLE IF EXISTS arrs$rows"
  done
}
