"""Benchmark: writing the decision pack of a round with 45,000 individual scores.

    DATABASE_URL=postgres://.../scratch .venv/bin/python tests/perf/bench_pack.py [BIDS MEMBERS]

Uses a scratch database (never the demo's; SQLite var/bench-pack.sqlite3 unless DATABASE_URL is
set). Seeds the round the results benchmark seeds (tests/perf/bench_results.py `seed`, bulk inserts):
one lot of BIDS (500) bids on 9 panel-scored questions, a price formula and a pass/fail check, an
agreed score for every item and MEMBERS (10) panellists' submitted sheets: 500 x 10 x 9 = 45,000
individual scores, each given its own reason of about 130 characters. The round is marked
decided, then `decisions.pack.export` (record the trail event, then stream the .xlsx part by part
as each sheet is written; the chunks are read and dropped, as a server sending them would) is
timed, best of 3: until the first chunk, and until the last (wall clock, and the CPU time of this
process), with its query count; a further run under tracemalloc gives the peak memory Python
allocated while writing, and getrusage the whole process's peak resident size (seeding included).
Until 2026-12-02 export() built the whole file into a temporary file first (first byte = whole).

Targets: under 5 s, under 300 MB.

Measured (2026-12-01, this machine: 2 cores shared with other jobs, load average 3 to 8, so wall
times wander; the process's CPU time is steadier. Python 3.11.7, openpyxl 3.1.5, 500 bids x 10
panellists x 9 questions, about 480,000 cells; export best of 3, 40 queries either way):
    openpyxl write-only sheets, lxml 6.1.3 installed (what the pack uses now):
    SQLite       export 2.84 to 4.42 s (CPU 2.6 to 2.8 s); peak Python memory 9 MB; peak RSS 143 MB
    PostgreSQL   export 3.41 to 4.90 s (CPU 2.6 to 2.7 s); peak Python memory 9 MB; peak RSS 140 MB
The same, without lxml (OPENPYXL_LXML=False): SQLite 4.40 s (CPU 3.6 s), PostgreSQL 4.11 s (CPU
3.4 s). lxml saves about a fifth of the CPU: openpyxl's time goes on making and typing a cell for
each value and writing it, not on the XML library. Under heavy load (average 15) one run took 13 s.
Until 2026-12-01 the pack wrote plain rows as XML itself (decisions/pack_xlsx.py, FastSheet, which
relied on a private attribute of et_xmlfile and fell back to openpyxl's own writer whenever lxml was
installed): SQLite 0.90 to 1.34 s (CPU 0.8 to 1.0 s), PostgreSQL 1.02 to 1.50 s (CPU 0.7 to 0.9 s),
peak Python memory 16 MB. It was removed as the plain openpyxl path meets the target; if a bigger
round misses it, that is the ceiling a writer of our own could bring back (about 3 times faster).

Other write-only exports, with and without lxml (ad hoc, same machine, SQLite, best of 3, 2026-12-01;
no benchmark of their own yet): the trail .xlsx (audit.exports.xlsx_file) of 50,000 events
8.1 s -> 6.4 s; the bid register (bids.exports.register_xlsx) of 5,000 bids 0.65 s -> 0.50 s.
"""

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench-pack.sqlite3")

from bench_results import seed  # noqa: E402 - sets Django up, with the database chosen above
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import CharField, Value  # noqa: E402
from django.db.models.functions import Cast, Concat  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from commissioning.models import Round, Stage  # noqa: E402
from decisions import pack  # noqa: E402
from scoring.models import CriterionScore  # noqa: E402


def export(round_):
    """Reads the streamed pack to the end; returns (seconds to the first chunk, bytes)."""
    started = time.perf_counter()
    first, size = None, 0
    for chunk in pack.export(round_, by=None):
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    return first, size


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:3]]
    bids, members = (sizes + [500, 10][len(sizes) :])[:2]
    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    round_, _lot = seed(bids, members)
    Round.objects.filter(pk=round_.pk).update(stage=Stage.DECIDED)
    # Each reason different and of a realistic length (the seed writes "Because." throughout).
    CriterionScore.objects.filter(sheet__assignment__bid__lot__round=round_).update(
        reason=Concat(
            Value("They describe weekly sessions planned with young people (note "),
            Cast("pk", CharField()),
            Value("); the budget covers two youth workers and the venue for a year."),
        )
    )
    round_ = Round.objects.get(pk=round_.pk)
    scores = CriterionScore.objects.filter(sheet__assignment__bid__lot__round=round_).count()
    print(f"seeded {scores:,} individual scores in {time.perf_counter() - started:.1f} s")

    with CaptureQueriesContext(connection) as ctx:
        _first, size = export(round_)
    queries = len(ctx.captured_queries)
    times, cpu, firsts = [], [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        first, _size = export(round_)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        firsts.append(first)
    tracemalloc.start()
    export(round_)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"export ({scores:,} scores)  {min(times):.2f} s   ({queries} queries, {size:,} bytes)")
    print(f"first chunk of the stream  {min(firsts) * 1000:.0f} ms")
    print(
        f"CPU time of this process while exporting  {min(cpu):.2f} s (steadier on a busy machine)"
    )
    print(f"peak Python memory while writing (tracemalloc)  {peak / 2**20:.0f} MB")
    print(f"peak resident size of the process (getrusage)   {rss:.0f} MB")
    print("targets: under 5 s, under 300 MB")
