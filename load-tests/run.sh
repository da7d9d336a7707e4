#!/usr/bin/env bash
# The one command of the load suite: builds the jars if any source is newer than them, then
# starts a fresh Sieve (embedded, durable PostgreSQL in a new temporary data directory), runs
# every scenario and limit, and writes results/<timestamp>-<mode>/report.md with SVG plots and
# results.json.
#
#   bash load-tests/run.sh            # the full measurement (~10 minutes); never in CI
#   bash load-tests/run.sh --smoke    # about a second per phase: proves the tools work
#   bash load-tests/run.sh --help     # every option (scenarios, skipping parts, durations)
#
# Measure on a quiet machine: the generator, the service and PostgreSQL share its cores, and
# anything else running skews the figures (the report prints the load average before and after).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=load-tests/target/sieve-load.jar
stale=""
if [[ -f "$jar" ]]; then
  stale=$(find enforcement storage ingest load-tests pom.xml \
    \( -path '*/target' -prune \) -o \( -newer "$jar" \( -name '*.java' -o -name '*.xml' -o -name '*.sql' \
    -o -name '*.yaml' -o -name '*.properties' \) -print \) | head -1)
fi
if [[ ! -f "$jar" || -n "$stale" ]]; then
  # package, not install: the reactor builds every module into the jar, and install would
  # overwrite the SNAPSHOT jars in ~/.m2 that other worktrees build against
  echo "building (mvn package -DskipTests)..."
  mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests
fi

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec java -Xms1g -Xmx2g -XX:+UseG1GC -jar "$jar" "$@"
