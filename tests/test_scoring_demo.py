"""The demo reaches scoring with realistic individual scores: most sheets submitted, some in
progress, some not started, a few items the panel disagrees on, two reasons the gentle checks
flag, the induction gate and the conflict decision in the trail. Running it twice changes nothing."""

from collections import defaultdict

from django.core.management import call_command

from audit.models import AuditEvent
from commissioning.models import Stage
from demo import scenario as commissioning_demo
from panels.models import Member, MemberStatus
from scoring import demo
from scoring.models import CriterionScore, Deadline, ScoreSheet, SheetStatus
from scoring.progress import missing_sheets
from scoring.reasons import COMPARES, REPEATS, flags_for
from tests.demo_dates import problems
from training.gating import is_ready

TRAINS_OR_DECLARES = ("training.passed", "conflict.declared")


def _state():
    return (
        AuditEvent.objects.count(),
        ScoreSheet.objects.count(),
        CriterionScore.objects.count(),
        Deadline.objects.count(),
    )


def test_the_demo_reaches_scoring_with_realistic_scores(db):
    round_, users = commissioning_demo.seed(until=Stage.SCORING)
    demo.seed(round_, users["officer"])
    round_.refresh_from_db()
    assert round_.stage == Stage.SCORING

    leo = Member.objects.get(panel__round=round_, user__email="leo@example.org")
    assert leo.status == MemberStatus.EXCLUDED and "training" in leo.status_reason
    assert AuditEvent.objects.filter(action="panel.member_status", round=round_).exists()
    assert AuditEvent.objects.filter(action="conflict.decided", round=round_).exists()
    assert Deadline.objects.filter(round=round_).exists()
    assert problems(round_) == []  # opened in the past, the deadline ten days ahead
    chair = Member.objects.get(panel__round=round_, role="moderator")
    assert is_ready(chair)  # trained and declared: the chair reads every sheet
    trail = list(AuditEvent.objects.for_round(round_).order_by("seq"))
    moved = next(
        e
        for e in trail
        if e.action == "round.stage_moved" and (e.before or {}).get("stage") == Stage.INDUCTION
    )
    late = [e for e in trail[trail.index(moved) :] if e.action in TRAINS_OR_DECLARES]
    assert late == []  # nobody trains or declares once scoring has started

    sheets = ScoreSheet.objects.for_round(round_)
    submitted = sheets.filter(status=SheetStatus.SUBMITTED).count()
    drafts = sheets.filter(status=SheetStatus.DRAFT).count()
    not_started = len(missing_sheets(round_)) - drafts
    assert submitted > 2 * (drafts + not_started) and drafts >= 2 and not_started >= 2

    by_item = defaultdict(list)
    flagged = []
    for score in CriterionScore.objects.filter(
        sheet__status=SheetStatus.SUBMITTED, sheet__in=sheets, score__isnull=False
    ).select_related("sheet__assignment__bid", "criterion"):
        by_item[(score.sheet.assignment.bid_id, score.criterion_id)].append(score.score)
        descriptor = score.criterion.descriptors.get(score=score.score).text_plain
        alias = score.sheet.assignment.bid.alias
        flagged += [flag.kind for flag in flags_for(score.reason, descriptor, own_alias=alias)]
        assert 10 < len(score.reason) < 240  # a sentence or two
    divergent = [item for item, marks in by_item.items() if max(marks) - min(marks) >= 2]
    assert 3 <= len(divergent) <= 8
    assert sorted(flagged) == sorted([REPEATS, COMPARES])  # exactly the two on purpose

    before = _state()
    demo.seed(round_, users["officer"])
    commissioning_demo.seed(until=Stage.SCORING)
    assert _state() == before
    call_command("verify_audit")
