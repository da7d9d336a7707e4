#!/usr/bin/env bash
# What a JFR recording costs the service, the first one in its JVM against later ones: closed
# batch-100 runs of 15 s against a fresh service (zero-config, embedded PostgreSQL, new data
# directory on 127.0.0.1:18080), warmed first with two closed runs of 40 s. Each run prints the
# service's CPU ticks (1/100 s, from /proc/<pid>/stat) and the generator's result line; the
# recording, if any, is started with jcmd before the run and stopped after it, in this order:
#   none, profile, no allocation samples, none, no old-object samples, profile, no allocation samples, none
#
#   bash load-tests/jfr-first-recording.sh
#
# Needs the jars: mvn -B -o package -pl load-tests -am -DskipTests. The work directory is kept
# (its path is printed) and the service is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/fresh-service.sh
work=$(mktemp -d /tmp/sieve-jfr-cost.XXXXXX)
jfc=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc
# profile.jfc with one event switched off
without() { awk -v e="$1" '$0 ~ "<event name=\"" e "\">" {f=1} f && /name="enabled"/ {sub(/>true</, ">false<"); f=0} {print}' "$jfc"; }
without jdk.ObjectAllocationSample >"$work/noalloc.jfc"
without jdk.OldObjectSample >"$work/noold.jfc"
start_fresh_service "$work" "" -XX:FlightRecorderOptions=stackdepth=128 -XX:+UnlockDiagnosticVMOptions \
  -XX:+DebugNonSafepoints
generator=(java -Xms1g -Xmx2g -cp "$load" dev.sieve.loadtest.RunningServiceLoad --port 18080
  --writer-key "$(key writer)" --users 3000 --batch 100 --connections 16)
echo "work directory $work"
"${generator[@]}" --consent-key "$(key consent)" --warmup-seconds 10 --measure-seconds 30 --runs 2 \
  >"$work/warm.txt" 2>&1
ticks() { awk '{print $14 + $15}' "/proc/$service/stat"; }
for recording in none profile noalloc none noold profile noalloc none; do
  case $recording in
    none) ;;
    profile) jcmd "$service" JFR.start name=cost settings=profile filename="$work/$recording.jfr" >/dev/null ;;
    *) jcmd "$service" JFR.start name=cost settings="$work/$recording.jfc" filename="$work/$recording.jfr" >/dev/null ;;
  esac
  before=$(ticks)
  result=$("${generator[@]}" --warmup-seconds 3 --measure-seconds 15 --runs 1 2>&1 | grep '^run' | tail -1)
  after=$(ticks)
  [[ $recording != none ]] && jcmd "$service" JFR.stop name=cost >/dev/null
  echo "$recording: service CPU ticks $((after - before)); $result"
done
