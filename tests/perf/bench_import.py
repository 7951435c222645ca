"""Benchmark: reading and importing a spreadsheet of bids. The issue asks for 1,000 bids in under
10 seconds.

    DATABASE_URL=postgres://.../scratch .venv/bin/python tests/perf/bench_import.py [BIDS]

Uses a scratch database (never the demo's; SQLite var/bench-import.sqlite3 unless DATABASE_URL is
set): makes a fresh round with the starter rubric, writes BIDS (default 1,000) bids with an answer
to every question into an .xlsx, then times `importer.parse` and `services.import_bids` separately
(the two steps behind the preview and the confirm pages). Time is measured without tracemalloc,
which slows Python several times; peak traced memory is measured on a second, traced run into a
second round.
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench-import.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bids import importer, services  # noqa: E402
from tests.factories import make_round, officer  # noqa: E402

ANSWER = "We run open sessions in three youth centres, led by young people. " * 8  # ~530 chars


def spreadsheet(round_, count: int) -> bytes:
    info = importer.RoundInfo(round_)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Bids")
    sheet.append([c.header for c in info.columns])
    for n in range(count):
        lot = info.lots[n % len(info.lots)]
        values = {
            "lot": str(lot),
            "organisation": f"Bench organisation {n}",
            "title": f"Project {n}",
            "summary": "Evening and weekend sessions for young people aged 14 to 25.",
            "amount_requested": 10000 + n,
            "contact_name": "Sam Shore",
            "contact_email": f"bidder{n}@example.org",
        }
        sheet.append([values.get(c.key, ANSWER) for c in info.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fresh_round(user, label):
    return make_round(user, name=f"Import benchmark {label} {time.time_ns()}", lots=2, bids=0)


def timed(count: int, user, data: bytes):
    round_ = fresh_round(user, "timed")
    started = time.perf_counter()
    preview = importer.parse(round_, data)
    parsed = time.perf_counter()
    assert preview.ok and len(preview.new_rows) == count, [str(p) for p in preview.problems[:3]]
    created, _ = services.import_bids(round_, user, preview.rows)
    done = time.perf_counter()
    assert len(created) == count
    return parsed - started, done - parsed


def traced(count: int, user, data: bytes):
    round_ = fresh_round(user, "traced")
    tracemalloc.start()
    preview = importer.parse(round_, data)
    _, parse_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    services.import_bids(round_, user, preview.rows)
    _, import_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return parse_peak, import_peak


if __name__ == "__main__":
    from django.db import connection

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    settings.DEBUG = False  # as in production: Django then keeps no log of every query
    call_command("migrate", verbosity=0)
    user = officer(email=f"bench.{time.time_ns()}@example.org", display_name="Bench Officer")
    data = spreadsheet(fresh_round(user, "template"), count)
    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(f"Spreadsheet: {count:,} bids, {len(data) / 1e6:.2f} MB")
    parse_s, import_s = timed(count, user, data)
    total = parse_s + import_s
    print(f"parse  : {parse_s:6.2f} s ({parse_s / count * 1000:5.2f} ms a bid)")
    print(f"import : {import_s:6.2f} s ({import_s / count * 1000:5.2f} ms a bid)")
    print(f"total  : {total:6.2f} s for {count:,} bids (target: under 10 s for 1,000)")
    parse_peak, import_peak = traced(count, user, data)
    print(
        f"peak traced memory: parse {parse_peak / 1e6:.1f} MB ({parse_peak / count / 1024:.1f} KB "
        f"a bid), import {import_peak / 1e6:.1f} MB ({import_peak / count / 1024:.1f} KB a bid)"
    )
