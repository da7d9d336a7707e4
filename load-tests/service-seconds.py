#!/usr/bin/env python3
"""The service's own side of every second of a load run, beside the generator's.

The report gives the service's p99 and its commits' p99 per phase; a slow second hides in a phase.
This reads the service's /metrics once a second during a run and then sets, for each second of the
chosen phases, the client's p99 beside the service's own p99 per POST /v1/events, its commits' p99
(statement sent to commit), how many statements committed, the service's GC pauses and its CPU.
A slow second whose commits were slow was held up in PostgreSQL or below it; one whose commits were
not, in the service or outside it (docs/performance.md).

    java -jar load-tests/target/sieve-load.jar --results results/NAME ... > results/NAME.log &
    python3 load-tests/service-seconds.py poll results/NAME.log results/NAME.metrics SECONDS
    python3 load-tests/service-seconds.py report results/NAME results/NAME.metrics PHASE...

`poll` waits for the suite's "service ready on port N" line in the log, then reads /metrics every
second for SECONDS. `report` needs the run's results.json. p99s are upper bounds: the top of the
histogram bucket they fall in. Each second is matched to the two readings nearest its start and
end, so it can be up to half a second off the generator's.
"""
import bisect
import datetime
import json
import re
import sys
import time
import urllib.request

KEPT = ('vertx_http_server_response_time_seconds_bucket{code="200",method="POST",route="/v1/events>/v1/events"',
        'sieve_writer_commit_seconds_bucket', 'jvm_gc_pause_seconds_sum', 'process_cpu_time_ns_total')


def poll(log, out, seconds):
    port = None
    deadline = time.time() + 300
    while port is None and time.time() < deadline:
        with open(log) as f:
            m = re.search(r'service ready on port (\d+)', f.read())
        if m:
            port = int(m.group(1))
        else:
            time.sleep(0.2)
    if port is None:
        sys.exit('no "service ready on port" line in ' + log)
    end = time.time() + seconds
    tick = time.time()
    with open(out, 'w') as f:
        while time.time() < end:
            tick += 1.0
            t = time.time()
            try:
                text = urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=2).read().decode()
                f.write(json.dumps({'t': t, 'lines': [l for l in text.split('\n') if l.startswith(KEPT)]}) + '\n')
                f.flush()
            except OSError:
                pass  # the service restarted or is gone: skip this second
            time.sleep(max(0.0, tick - time.time()))


def parse(lines):
    """Cumulative buckets of the ingest responses and of the commits, and the plain counters."""
    responses, commits, counters = {}, {}, {}
    for line in lines:
        name, value = line.rsplit(' ', 1)
        value = float(value)
        le = re.search(r'le="([^"]+)"', name)
        bound = None if le is None else (float('inf') if le.group(1) == '+Inf' else float(le.group(1)))
        if name.startswith('vertx_http_server_response_time'):
            responses[bound] = responses.get(bound, 0) + value
        elif name.startswith('sieve_writer_commit_seconds_bucket'):
            commits[bound] = commits.get(bound, 0) + value
        else:
            key = name.split('{')[0]
            counters[key] = counters.get(key, 0) + value
    return responses, commits, counters


def p99(before, after):
    """(upper bound of the p99 in ms, observations) between two cumulative readings."""
    bounds = sorted(after)
    if not bounds:
        return float('nan'), 0
    total = after[bounds[-1]] - before.get(bounds[-1], 0)
    if total <= 0:
        return float('nan'), 0
    for b in bounds:
        if after[b] - before.get(b, 0) >= 0.99 * total:
            return b * 1000, int(total)
    return float('nan'), int(total)


def nearest(times, t):
    """The index of the reading closest to t."""
    k = bisect.bisect_left(times, t)
    if k == len(times) or (k > 0 and t - times[k - 1] < times[k] - t):
        return k - 1
    return k


def report(results_dir, polls, phases):
    with open(results_dir + '/results.json') as f:
        results = json.load(f)
    start = datetime.datetime.fromisoformat(results['info']['startedAt'][:26] + '+00:00').timestamp()
    with open(polls) as f:
        snapshots = [json.loads(line) for line in f]
    readings = [(s['t'],) + parse(s['lines']) for s in snapshots]
    times = [r[0] for r in readings]
    for name in phases:
        phase = next((p for p in results['phases'] if p['name'] == name), None)
        if phase is None:
            print('no phase', name)
            continue
        print(f'== {name}: client p99 | service p99 (requests) | commit p99 (statements) | GC ms | service cores'
              ' (* = measured)')
        for interval in phase['intervals']:
            end = start + interval['atSeconds']
            i = nearest(times, end - interval['seconds'])
            j = nearest(times, end)
            if i >= j:
                continue
            a, b = readings[i], readings[j]
            service, requests = p99(a[1], b[1])
            commit, statements = p99(a[2], b[2])
            gc = (b[3].get('jvm_gc_pause_seconds_sum', 0) - a[3].get('jvm_gc_pause_seconds_sum', 0)) * 1000
            cpu = (b[3].get('process_cpu_time_ns_total', 0) - a[3].get('process_cpu_time_ns_total', 0)) / 1e9 / (b[0] - a[0])
            print('%s %6.1f | %6.1f (%5d) | %6.1f (%5d) | %5.1f | %.2f' % (
                '*' if interval['measured'] else ' ', interval['p99Ms'], service, requests, commit, statements, gc, cpu))


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == 'poll':
        poll(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif len(sys.argv) >= 5 and sys.argv[1] == 'report':
        report(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
