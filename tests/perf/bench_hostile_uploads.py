"""Benchmark: the worst case, in time and memory, of each upload path (README, "Hostile uploads").

    .venv/bin/python tests/perf/bench_hostile_uploads.py
    DATABASE_URL=postgres://.../scratch .venv/bin/python tests/perf/bench_hostile_uploads.py

Uses a scratch database (SQLite var/bench-hostile.sqlite3 unless DATABASE_URL is set). Every file
is generated here, at run time, by tests/hostile_files.py: nothing hostile is checked in. Each one
goes through the real page with Django's test client (upload handlers, form, parser, page), as an
officer. Each hostile file must be refused in under 2 s and under 100 MB of extra memory; the
script exits 1 if one is not. The worst files each path still accepts are measured too.

Memory is the process's peak resident set size above what it was just before the request (Linux:
the peak is reset through /proc/self/clear_refs before each case), so it counts everything, C
libraries included, not only Python objects.

Measured on this project's machine (2 cores), Python 3.11, SQLite / PostgreSQL 15, 1 December 2026
("before" is the code before issue 16's fixes):

    hostile, each refused                                    SQLite           PostgreSQL
    import: amount cell 1e400000000 (before: 16-42 s,        0.12 s  +0 MB    0.12 s  +0 MB
            +3.05 GB, a 533 MB page; now a 3 KB page)
    import: zip member flagged encrypted                     0.02 s  +0 MB    0.03 s  +0 MB
    import: zip member packed with Deflate64                 0.01 s  +0 MB    0.03 s  +0 MB
    import: 1.6 million shared strings in 4.2 MB             0.08 s  +11 MB   0.09 s  +10 MB
            (before: accepted after 22 s, +121 MB)
    import: 600,000 cells (before: accepted after ~40 s)     0.09 s  +9 MB    0.11 s  +9 MB
    import: sheet padded to 300 MB (zip bomb)                0.02 s  +0 MB    0.03 s  +0 MB
    document: mimetype flagged encrypted (before: 500)       0.02 s  +0 MB    0.05 s  +0 MB
    document: mimetype packed with Deflate64 (before: 500)   0.01 s  +0 MB    0.03 s  +0 MB
    document: 190 MB mimetype in 190 KB (before: +366 MB)    0.01 s  +0 MB    0.04 s  +0 MB
    document: 190 MB word/document.xml in 190 KB             0.01 s  +0 MB    0.04 s  +0 MB

    accepted, the worst each path still takes
    import: 2,000 bids answering every question, preview     0.82 s  +14 MB   0.96 s  +28 MB
    import: the same, confirm (reads the kept rows; the      4.72 s  +6 MB    10.2 s  +1 MB
            time is services.import_bids writing 2,000 bids, their answers and trail events)
    import: 49,990 shared strings (cap 50,000), preview      0.56 s  +2 MB    0.68 s  +2 MB
    import: 99,000 cells (cap 100,000), preview              1.18 s  +6 MB    1.23 s  +7 MB
    document: a 20 MB PDF (the +40 MB is the test client     0.11 s  +40 MB   0.12 s  +39 MB
            building the request in memory; a server streams it to a temporary file)
"""

import io
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench-hostile.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bids import importer  # noqa: E402
from bids.models import Bid  # noqa: E402
from tests import hostile_files as hostile  # noqa: E402
from tests.factories import make_round, officer  # noqa: E402

LIMIT_S, LIMIT_MB = 2.0, 100
ANSWER = "We run open sessions in three youth centres, led by young people. " * 8


def _rss_mb(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1)) / 1024


def measure(run):
    """(seconds, extra peak MB, result) of run()."""
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current RSS
    before = _rss_mb("VmRSS")
    started = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - started
    return elapsed, _rss_mb("VmHWM") - before, result


def sheet(round_, rows: int, *, amount=None) -> bytes:
    info = importer.RoundInfo(round_)
    book = Workbook(write_only=True)
    bids = book.create_sheet("Bids")
    bids.append([c.header for c in info.columns])
    for n in range(rows):
        values = {
            "lot": str(info.lots[n % len(info.lots)]),
            "organisation": f"Bench organisation {n} {time.time_ns()}",
            "title": f"Project {n}",
            "summary": "Evening and weekend sessions for young people aged 14 to 25.",
            "amount_requested": amount if amount is not None else 10000 + n,
            "contact_name": "Sam Shore",
            "contact_email": f"bidder{n}@example.org",
        }
        bids.append([values.get(c.key, ANSWER) for c in info.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> int:
    from django.db import connection

    setup_test_environment()  # the client then records each page's context, as in the tests
    settings.DEBUG = False
    settings.VAR_DIR = Path(settings.BASE_DIR) / "var" / "bench-hostile"
    settings.MEDIA_ROOT = settings.VAR_DIR / "uploads"
    call_command("migrate", verbosity=0)
    user = officer(email=f"bench.{time.time_ns()}@example.org", display_name="Bench Officer")
    round_ = make_round(user, name=f"Hostile uploads {time.time_ns()}", lots=2, bids=1)
    bid = Bid.objects.filter(lot__round=round_).first()
    client = Client()
    client.force_login(user)
    import_url = reverse("bids:import", args=[round_.pk])
    document_url = reverse("bids:document_upload", args=[round_.pk, bid.pk])

    def upload_sheet(data):
        upload = SimpleUploadedFile("bids.xlsx", data)
        return lambda: client.post(import_url, {"file": upload})

    def upload_document(name, data):
        upload = SimpleUploadedFile(name, data)
        return lambda: client.post(document_url, {"file": upload})

    one = sheet(round_, 1)
    hostile_cases = [
        ("import: amount cell 1e400000000", upload_sheet(sheet(round_, 1, amount="1e400000000"))),
        ("import: zip member flagged encrypted", upload_sheet(hostile.encrypted(one, "xl/worksheets/sheet1.xml"))),
        ("import: zip member packed with Deflate64", upload_sheet(hostile.unsupported_compression(one, "xl/worksheets/sheet1.xml"))),
        ("import: 1.6 million shared strings", upload_sheet(hostile.shared_strings_bomb(one, 1_600_000))),
        ("import: 600,000 cells", upload_sheet(hostile.cells_bomb(one, 600_000))),
        ("import: sheet padded to 300 MB", upload_sheet(hostile.padded_sheet(one, 300))),
        ("document: mimetype flagged encrypted", upload_document("a.odt", hostile.encrypted(hostile.ODT, "mimetype"))),
        ("document: mimetype packed with Deflate64", upload_document("a.odt", hostile.unsupported_compression(hostile.ODT, "mimetype"))),
        ("document: 190 MB mimetype", upload_document("a.docx", hostile.document_bomb("mimetype", 190))),
        ("document: 190 MB word/document.xml", upload_document("a.docx", hostile.document_bomb("word/document.xml", 190))),
    ]  # fmt: skip
    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}")
    failures = 0
    for label, run in hostile_cases:
        seconds, extra, response = measure(run)
        refused = response.status_code == 200 and (
            b"There is a problem" in response.content or response.context.get("confirm") is None
        )
        ok = refused and seconds < LIMIT_S and extra < LIMIT_MB
        failures += not ok
        size = len(response.content) / 1024
        print(
            f"{'ok ' if ok else 'BAD'} {label:48} {seconds:6.2f} s  +{extra:5.0f} MB  page {size:.0f} KB"
        )

    many = sheet(round_, 2000)
    strings = hostile.shared_strings_bomb(one, importer.import_file.MAX_SHARED_STRINGS - 10)
    cells = hostile.cells_bomb(one, importer.import_file.MAX_CELLS - 1000)
    pdf = b"%PDF-1.7\n" + os.urandom(20 * 1024 * 1024 - 2048)
    print("Accepted (the worst each path still takes):")
    seconds, extra, response = measure(upload_sheet(many))
    print(
        f"    import: 2,000 bids, preview ({len(many) / 1e6:.1f} MB)      {seconds:6.2f} s  +{extra:5.0f} MB"
    )
    assert response.context["confirm"], response.context["problems"][:3]
    token = response.context["confirm"].initial["token"]
    confirm = reverse("bids:import_confirm", args=[round_.pk])
    seconds, extra, response = measure(lambda: client.post(confirm, {"token": token}))
    assert response.status_code == 302, response.status_code
    print(
        f"    import: 2,000 bids, confirm                      {seconds:6.2f} s  +{extra:5.0f} MB"
    )
    for label, run in (
        ("import: shared strings just under the cap", upload_sheet(strings)),
        ("import: cells just under the cap", upload_sheet(cells)),
        ("document: a 20 MB PDF", upload_document("plan.pdf", pdf)),
    ):
        seconds, extra, response = measure(run)
        print(f"    {label:44} {seconds:6.2f} s  +{extra:5.0f} MB  ({response.status_code})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
