"""Benchmark: a large lot's results (totals, eligibility, ranking) from agreed and from mean scores.

    DATABASE_URL=postgres://.../scratch .venv/bin/python tests/perf/bench_results.py [BIDS MEMBERS]

Uses a scratch database (never the demo's; SQLite var/bench-results.sqlite3 unless DATABASE_URL is
set). Seeds one lot of BIDS (300) bids on 10 weighted criteria (9 panel-scored, weight 10 each, and
price by formula, weight 10) plus one pass/fail check: an agreed score for every bid x question,
each bid's check answered, and MEMBERS (5) panellists' submitted sheets, with bulk inserts (the
benchmark needs the rows, not the trail). Then times, best of several runs, with query counts:
`lot_results` with agreed scores and with the mean of the submitted ones, the round_results JSON,
and `moderation_impact` (both computations and the moved items).
"""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench-results.sqlite3")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bids.models import Bid  # noqa: E402
from commissioning.models import Criterion, CriterionKind, Rubric  # noqa: E402
from decisions import impact, results  # noqa: E402
from decisions.management.commands.round_results import results_json  # noqa: E402
from decisions.models import OfficerCheck  # noqa: E402
from panels.models import Assignment, Member, Role  # noqa: E402
from scoring.models import ConsensusRecord, CriterionScore, ScoreSheet, SheetStatus  # noqa: E402
from tests.factories import make_round, officer  # noqa: E402

PANEL_QUESTIONS = 9


def _criterion(rubric, n, kind, weight, method=""):
    return Criterion(
        rubric=rubric,
        order=n,
        kind=kind,
        title=f"Question {n}",
        question_formal=f"Question {n}",
        question_plain=f"Question {n}",
        weight=Decimal(weight),
        scale_max=5 if kind != CriterionKind.PASS_FAIL else 1,
        officer_method=method,
        minimum_score=1 if n == 1 else None,
    )


@transaction.atomic
def seed(bids: int, members: int):
    stamp = time.time_ns()
    by = officer(email=f"bench-officer-{stamp}@example.org")
    round_ = make_round(by, lots=1, bids=0, rubric=False, reference_prefix=f"R{stamp % 10**8}")
    lot = round_.lots.get()
    lot.budget = Decimal("100000.00")
    rubric = Rubric.objects.create(round=round_, name="Benchmark rubric")
    lot.rubric = rubric
    lot.save(update_fields=["rubric", "budget"])
    questions = Criterion.objects.bulk_create(
        [_criterion(rubric, n, CriterionKind.SCORED, 10) for n in range(1, PANEL_QUESTIONS + 1)]
        + [
            _criterion(rubric, 10, CriterionKind.OFFICER, 10, "price_formula"),
            _criterion(rubric, 11, CriterionKind.PASS_FAIL, 0),
        ]
    )
    panel_questions, check = questions[:PANEL_QUESTIONS], questions[-1]
    panel = round_.panels.get()
    chair = panel.members.get()
    users = User.objects.bulk_create(
        User(email=f"bench-{stamp}-{n}@example.org", display_name=f"Panellist {n}")
        for n in range(members)
    )
    people = Member.objects.bulk_create(
        Member(panel=panel, user=user, role=Role.YOUNG if n % 2 else Role.PROFESSIONAL)
        for n, user in enumerate(users)
    )
    rng = np.random.default_rng(0)
    lot_bids = Bid.objects.bulk_create(
        Bid(
            lot=lot,
            number=n,
            reference=f"RES{stamp}-{n:03d}",
            alias=f"Bid {n}",
            organisation=f"Organisation {n}",
            title="Open evenings",
            summary="Two evenings a week.",
            amount_requested=Decimal(int(rng.integers(5, 60))) * 1000,
        )
        for n in range(1, bids + 1)
    )
    truth = rng.integers(0, 6, size=(bids, PANEL_QUESTIONS))
    ConsensusRecord.objects.bulk_create(
        (
            ConsensusRecord(
                bid=bid,
                criterion=question,
                score=int(truth[b, q]),
                rationale="Agreed.",
                reached="unanimous",
                chaired_by=chair,
                recorded_by=by,
            )
            for b, bid in enumerate(lot_bids)
            for q, question in enumerate(panel_questions)
        ),
        batch_size=5000,
    )
    OfficerCheck.objects.bulk_create(
        OfficerCheck(bid=bid, criterion=check, passed=n % 17 != 0, reason="Seen.", answered_by=by)
        for n, bid in enumerate(lot_bids)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(member=m, bid=b, assigned_by=by) for b in lot_bids for m in people
    )
    now = timezone.now()
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=a, status=SheetStatus.SUBMITTED, version=3, submitted_at=now)
        for a in assignments
    )
    rows = []
    for sheet, assignment in zip(sheets, assignments, strict=True):
        b = assignment.bid.number - 1
        noise = rng.integers(-1, 2, size=PANEL_QUESTIONS)
        for question, value in zip(panel_questions, np.clip(truth[b] + noise, 0, 5), strict=True):
            rows.append(
                CriterionScore(sheet=sheet, criterion=question, score=int(value), reason="Because.")
            )
    CriterionScore.objects.bulk_create(rows, batch_size=5000)
    return round_, lot


def timed(label, action, runs=5):
    action()  # warm
    with CaptureQueriesContext(connection) as ctx:
        action()
    queries = len(ctx.captured_queries)
    sql_s = sum(float(q["time"]) for q in ctx.captured_queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    print(
        f"{label:<38} {min(times) * 1000:7.1f} ms  ({queries} queries, SQL {sql_s * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:3]]
    bids, members = (sizes + [300, 5][len(sizes) :])[:2]
    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    round_, lot = seed(bids, members)
    print(
        f"seeded {bids} bids x 10 weighted criteria (+1 check), {members} panellists "
        f"in {time.perf_counter() - started:.1f} s"
    )
    lot = type(lot).objects.select_related("round").get(pk=lot.pk)
    result = results.lot_results(lot)
    print(
        f"eligible {sum(r.eligible for r in result.bids)}, ties "
        f"{sum(r.tie for r in result.bids)}, top {result.bids[0].total_shown}"
    )
    timed("lot_results (agreed scores)", lambda: results.lot_results(lot))
    timed("lot_results (mean of 5 sheets)", lambda: results.lot_results(lot, rule="mean"))
    timed("round_results JSON", lambda: results_json(round_))
    timed("moderation_impact", lambda: impact.moderation_impact(round_))
