# Sourced by the scripts beside it (not run on its own): starts a fresh service for a measurement
# by hand and stops it when the calling script exits.
#
#   source load-tests/fresh-service.sh
#   start_fresh_service WORK_DIR [PG_SETTINGS] [JVM_OPTION...]
#
# The service runs zero-config (embedded PostgreSQL, data in WORK_DIR/data, log in
# WORK_DIR/service.log) on 127.0.0.1:18080 with a 2-MiB body limit, in a JVM of -Xms1g -Xmx1g
# -XX:+UseParallelGC (as docs/configuration.md recommends) plus the given options; PG_SETTINGS goes
# to SIEVE_EMBEDDED_PG_SETTINGS. Sets $service (its pid); `key writer` and `key consent` print its
# development keys. Needs ingest/target/sieve.jar and
# load-tests/target/sieve-load.jar: mvn -B -o package -pl load-tests -am -DskipTests.

jar=ingest/target/sieve.jar
load=load-tests/target/sieve-load.jar
service=""

stop_fresh_service() {
  [[ -n $service ]] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null || true
}

start_fresh_service() {
  local work=$1 settings=${2:-}
  shift $(( $# < 2 ? $# : 2 ))
  for f in "$jar" "$load"; do
    [[ -e $f ]] || { echo "missing $f: mvn -B -o package -pl load-tests -am -DskipTests" >&2; exit 2; }
  done
  fresh_service_work=$work
  trap stop_fresh_service EXIT
  SIEVE_DATA_DIR=$work/data SIEVE_HTTP_PORT=18080 SIEVE_HTTP_HOST=127.0.0.1 SIEVE_LIMITS_BODY_BYTES=2097152 \
    SIEVE_EMBEDDED_PG_SETTINGS=$settings java -Xms1g -Xmx1g -XX:+UseParallelGC "$@" -jar "$jar" >"$work/service.log" 2>&1 &
  service=$!
  for _ in $(seq 1 120); do
    grep -q 'Sieve is running' "$work/service.log" && return 0
    kill -0 "$service" 2>/dev/null || { echo "the service did not start; see $work/service.log" >&2; exit 1; }
    sleep 1
  done
  echo "the service was not ready in 120 s; see $work/service.log" >&2
  exit 1
}

key() { grep "^$1.key" "$fresh_service_work/data/dev-secrets.properties" | cut -d= -f2; }
