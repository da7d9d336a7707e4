#!/usr/bin/env python3
"""Rewrites the settings table of docs/configuration.md from ingest's Setting enum."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "ingest/src/main/java/dev/sieve/ingest/config/Setting.java").read_text()
rows = re.findall(r'^\s+[A-Z_0-9]+\("([^"]+)", "([^"]*)", "([^"]*)"\)', src, re.M)
table = ["| environment variable | config file key | default | meaning |", "|---|---|---|---|"]
for key, default, desc in rows:
    env = "SIEVE_" + key.upper().replace(".", "_")
    table.append(f"| `{env}` | `{key}` | {('`' + default + '`') if default else '—'} | {desc} |")
doc = root / "docs/configuration.md"
text = doc.read_text()
start = text.index("| environment variable |")
end = text.index("\n\n", start)
doc.write_text(text[:start] + "\n".join(table) + text[end:])
