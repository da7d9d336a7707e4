#!/usr/bin/env python3
"""Commit-like disk probe: 8 KB pwrite + fdatasync in a loop, as PostgreSQL's WAL writes at each commit.

Run it beside a load run to see whether the disk stalls commits (docs/performance.md):

    python3 load-tests/fsync-probe.py SECONDS [FILE]

Prints p50/p99/p99.9/max in ms, then every call over 2 ms with its wall-clock time. FILE (default
results/.fsync-probe) is a preallocated 16 MB file, written in a ring like a recycled WAL segment,
and removed at the end.
"""
import os
import sys
import time


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30
    path = sys.argv[2] if len(sys.argv) > 2 else 'results/.fsync-probe'
    size = 16 << 20
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, b'\0' * size, 0)
        os.fsync(fd)
        block = b'x' * 8192
        offset = 0
        calls = []
        t0 = time.time()
        while time.time() < t0 + seconds:
            start = time.perf_counter()
            os.pwrite(fd, block, offset)
            os.fdatasync(fd)
            calls.append((time.time(), (time.perf_counter() - start) * 1000))
            offset = (offset + len(block)) % size
            time.sleep(0.001)
    finally:
        os.close(fd)
        os.unlink(path)
    ms = sorted(c[1] for c in calls)
    print('calls %d  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms' % (
        len(ms), ms[len(ms) // 2], ms[int(len(ms) * .99)], ms[int(len(ms) * .999)], ms[-1]))
    for at, took in calls:
        if took > 2:
            print('%s.%03d  %.2f ms' % (time.strftime('%H:%M:%S', time.gmtime(at)), int(at % 1 * 1000), took))


if __name__ == '__main__':
    main()
