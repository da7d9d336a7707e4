#!/usr/bin/env python3
"""PostgreSQL's CPU per stored row, by kind of work, from perf recordings made by record.sh.

    usage: python3 load-tests/pg-perf/per-row.py DIR NAME:ROWS_PER_S [NAME:ROWS_PER_S ...]
    e.g.   python3 load-tests/pg-perf/per-row.py /tmp/pg-perf batch:24275 copy2:50000 writer:26453

ROWS_PER_S is the phase's rate from the run's report (events/s or rows/s). Each sample of a
postgres process is 1/499 s of one core; the symbol decides its kind (first matching rule below).
The rules are coarse, and a symbol can be called from more than one kind of work (memory,
hashing), so read differences between phases, not the absolute split.
"""
import collections
import re
import subprocess
import sys

SAMPLE_HZ = 499
SECONDS = 12
KINDS = [
    ("jsonb parsing", r"json_lex|jsonb_|JsonbValue|convertJsonb|parse_scalar|parse_object|pushJsonb"
                      r"|appendToBuffer|uniqueifyJsonb|lengthCompareJsonb|qsort_arg|set_var_from_str"
                      r"|make_result_opt_error|strtod|numeric|reserveFromBuffer|appendStringInfoChar"
                      r"|padBufferToInt|copyToBuffer|fill_|json_"),
    ("B-tree inserts", r"_bt_|btinsert|varstr_cmp|uuid_cmp|memcmp|bttext|texteq"),
    ("COPY text parsing", r"Copy|NextCopyFrom|strtoull|strtoll|ParseDateTime|DecodeDateTime|pg_strncasecmp"
                          r"|inet_in|network_in|timestamptz_in|ParseFraction|string_to_uuid|uuid_in"
                          r"|DecodeNumber|DecodeTime|date2j|tm2timestamp|hex_decode|byteain|int8in|boolin"),
    ("tuplestores, slots, unnest", r"tuplestore|MinimalTuple|tts_|minimal|ExecMakeTableFunctionResult"
                                   r"|FunctionNext|array_unnest|array_|ExecCopySlot|ExecStoreVirtual"),
    ("binding (array and text receive)", r"recv|pq_|pg_verify|pg_utf8|convert_from|pg_convert"),
    ("WAL", r"XLog|crc32|WALInsert|xlog"),
    ("heap, buffers, locks", r"heap_|Buffer|PageAdd|RelationGet|brin|Page|HeapTuple|LWLock|hash_search"
                             r"|smgr|mdextend"),
    ("memory", r"Alloc|palloc|pfree|MemoryContext|memmove|memcpy|memset"),
    ("executor", r"Exec|slot_|Eval"),
]


def kind_of(symbol, in_kernel):
    if in_kernel:
        return "kernel"
    for name, pattern in KINDS:
        if re.search(pattern, symbol):
            return name
    return "other"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    directory = sys.argv[1]
    for spec in sys.argv[2:]:
        name, rate = spec.split(":")
        report = subprocess.run(
            ["perf", "report", "-i", f"{directory}/{name}.data", "--stdio", "--no-children",
             "--comm", "postgres", "--sort", "sym", "-F", "sample,sym"],
            capture_output=True, text=True, check=True).stdout
        kinds = collections.Counter()
        for line in report.splitlines():
            m = re.match(r"\s+(\d+)\s+\[(.)\]\s+(\S+)", line)
            if m:
                kinds[kind_of(m.group(3), m.group(2) == "k")] += int(m.group(1))
        rows = float(rate) * SECONDS
        total = sum(kinds.values())
        print(f"{name}: {total / SAMPLE_HZ / SECONDS:.2f} cores of PostgreSQL,"
              f" {total / SAMPLE_HZ / rows * 1e6:.1f} us per row")
        for kind, samples in kinds.most_common():
            print(f"  {kind:34s} {samples / SAMPLE_HZ / rows * 1e6:5.1f} us per row")


if __name__ == "__main__":
    main()
