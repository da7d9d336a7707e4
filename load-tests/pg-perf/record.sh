#!/usr/bin/env bash
# Records where PostgreSQL's CPU goes during a load run, with Linux perf (whole machine, 499 Hz,
# 12 s per phase): once the run's output shows a phase starting, waits a few seconds and records.
#
#   usage: bash load-tests/pg-perf/record.sh RUN_OUTPUT [OUT_DIR]
#
# RUN_OUTPUT is the console output of a load run (java -jar load-tests/target/sieve-load.jar ...
# > run.log), started before or after this script. It records batch-100 (the pipeline), copy-2
# (raw COPY, the reference) and writer (the group-commit writer alone) into OUT_DIR (default
# /tmp/pg-perf) as batch.data, copy2.data and writer.data. Then per-row.py breaks them down.
# Needs perf (linux-perf) and a kernel that allows system-wide sampling (perf_event_paranoid <= 0,
# or root). PostgreSQL's binaries keep their symbols, so no debug package is needed.
set -euo pipefail
log=${1:?usage: $0 RUN_OUTPUT [OUT_DIR]}
out=${2:-/tmp/pg-perf}
mkdir -p "$out"
record() { # record PATTERN NAME DELAY_SECONDS
  until grep -q "$1" "$log" 2>/dev/null; do sleep 0.3; done
  sleep "$3"
  perf record -F 499 -a -o "$out/$2.data" sleep 12 >/dev/null 2>&1
  echo "recorded $2 -> $out/$2.data"
}
record "phase batch-100:" batch 4
record "limit copy-2:" copy2 3
record "limit writer:" writer 3
