"""Benchmark: the consensus statistics of one large lot, cold and cached.

    DATABASE_URL=postgres://.../scratch .venv/bin/python tests/perf/bench_stats.py [BIDS MEMBERS CRITERIA]

Uses a scratch database (never the demo's; SQLite var/bench-stats.sqlite3 unless DATABASE_URL is
set). Seeds one lot of BIDS (100) bids, each scored on CRITERIA (10) panel-scored questions by every
one of MEMBERS (15) panellists, with bulk inserts (the benchmark needs the rows, not the trail).
Then times `scoring.statistics.lot_statistics`: cold (cache cleared: the queries, both alphas, ICC,
their 1,000-resample bootstrap intervals, leniency, every item's spread) and cached, best of
several runs, with the share of the cold time spent in SQL.
"""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench-stats.sqlite3")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bids.models import Bid  # noqa: E402
from commissioning.models import Criterion, CriterionKind, Rubric  # noqa: E402
from panels.models import Assignment, Member, Role  # noqa: E402
from scoring import statistics  # noqa: E402
from scoring.models import CriterionScore, ScoreSheet, SheetStatus  # noqa: E402
from tests.factories import make_round, officer  # noqa: E402


@transaction.atomic
def seed(bids: int, members: int, criteria: int):
    stamp = time.time_ns()
    by = officer(email=f"bench-officer-{stamp}@example.org")
    round_ = make_round(by, lots=1, bids=0, rubric=False, reference_prefix=f"B{stamp % 10**8}")
    lot = round_.lots.get()
    rubric = Rubric.objects.create(round=round_, name="Benchmark rubric")
    lot.rubric = rubric
    lot.save(update_fields=["rubric"])
    questions = Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric,
            order=n,
            kind=CriterionKind.SCORED,
            title=f"Question {n}",
            question_formal=f"Question {n}",
            question_plain=f"Question {n}",
            weight=Decimal("10"),
            scale_max=5,
        )
        for n in range(1, criteria + 1)
    )
    panel = round_.panels.get()
    users = User.objects.bulk_create(
        User(email=f"bench-{stamp}-{n}@example.org", display_name=f"Panellist {n}")
        for n in range(members)
    )
    people = Member.objects.bulk_create(
        Member(panel=panel, user=user, role=Role.YOUNG if n % 2 else Role.PROFESSIONAL)
        for n, user in enumerate(users)
    )
    lot_bids = Bid.objects.bulk_create(
        Bid(
            lot=lot,
            number=n,
            reference=f"BENCH{stamp}-{n:03d}",
            alias=f"Bid {n}",
            organisation=f"Organisation {n}",
            title="Open evenings",
            summary="Two evenings a week.",
            amount_requested=Decimal("50000.00"),
        )
        for n in range(1, bids + 1)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(member=m, bid=b, assigned_by=by) for b in lot_bids for m in people
    )
    now = timezone.now()
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=a, status=SheetStatus.SUBMITTED, version=3, submitted_at=now)
        for a in assignments
    )
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 6, size=(bids, criteria))
    rows = []
    for sheet, assignment in zip(sheets, assignments, strict=True):
        b = assignment.bid.number - 1
        noise = rng.integers(-1, 2, size=criteria)
        for question, value in zip(questions, np.clip(truth[b] + noise, 0, 5), strict=True):
            rows.append(
                CriterionScore(sheet=sheet, criterion=question, score=int(value), reason="Because.")
            )
    CriterionScore.objects.bulk_create(rows, batch_size=5000)
    return lot


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def cold(lot):
    cache.clear()
    return statistics.lot_statistics(lot)


def measure(lot):
    stats = cold(lot)
    with CaptureQueriesContext(connection) as ctx:
        cold(lot)
    cold_queries = len(ctx.captured_queries)
    sql_s = sum(float(q["time"]) for q in ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        statistics.lot_statistics(lot)
    cached_queries = len(ctx.captured_queries)

    cold_s = best_of(5, lambda: cold(lot))
    cached_s = best_of(20, lambda: statistics.lot_statistics(lot))
    print(
        f"items {len(stats.items)}, panellists {len(stats.panellists)}, "
        f"ICC items {stats.icc_items}; alpha interval {stats.alpha_interval.value:.3f} "
        f"{stats.alpha_interval.ci95}, ICC(2,1) {stats.icc_2_1.value:.3f}"
    )
    print(f"cold:   {cold_s * 1000:7.1f} ms ({cold_queries} queries)")
    print(f"  of which SQL (as the database driver timed it): {sql_s * 1000:.1f} ms")
    print(f"cached: {cached_s * 1000:7.1f} ms ({cached_queries} queries)")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:4]] or [100, 15, 10]
    bids, members, criteria = (sizes + [100, 15, 10][len(sizes) :])[:3]
    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}; cache: default")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    lot = seed(bids, members, criteria)
    print(
        f"seeded {bids} bids x {members} panellists x {criteria} questions "
        f"= {bids * members * criteria:,} scores in {time.perf_counter() - started:.1f} s"
    )
    measure(lot)
