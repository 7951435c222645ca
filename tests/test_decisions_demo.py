"""The demo decided (`manage.py demo --stage decided`): lots 2 and 3's meetings finished, every
officer check answered (one bid fails safeguarding, saying what is missing), one tie broken by the
panel with its reason, awards within every lot's budget (one passing over a higher-ranked bid,
with the reason), the round decided; the trail replays clean, seeding again changes nothing, and
`round_results` adds up."""

import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from audit.replay import replay
from commissioning.models import Stage
from decisions.demo_checks import POLICY
from decisions.models import Award, Decision, OfficerCheck, TieDecision
from decisions.results import round_results
from demo import scenario
from scoring.consensus import lot_record
from scoring.models import ConsensusRecord, CriterionScore
from tests.demo_dates import problems


def _state():
    return (
        AuditEvent.objects.count(),
        ConsensusRecord.objects.count(),
        OfficerCheck.objects.count(),
        Award.objects.count(),
        TieDecision.objects.count(),
    )


def test_the_demo_tells_the_decided_story(db, client):
    round_, users = scenario.seed(until=Stage.DECIDED)
    assert round_.stage == Stage.DECIDED
    assert scenario.DEFAULT_STAGE == Stage.CONSENSUS
    assert problems(round_) == []  # every meeting held, after the deadline
    for lot in round_.lots.all():
        record = lot_record(lot)
        assert record.complete and record.confirmed, lot

    failing = OfficerCheck.objects.filter(criterion__title=POLICY, passed=False)
    assert failing.count() == 1
    assert "Missing: a current safeguarding policy" in failing.get().reason
    # Pass/fail checks are the officers' alone: no sheet answers them.
    assert not CriterionScore.objects.filter(criterion__kind="pass_fail").exists()

    results = round_results(round_)
    for lot in results:
        assert lot.awarded_total <= lot.budget, lot.lot
        assert lot.awarded_total > 0 and not lot.open_ties
        assert all(r.award is not None for r in lot.bids)

    passing_over = Award.objects.exclude(passes_over=[])
    assert passing_over.count() == 1
    award = passing_over.get()
    assert award.decision == Decision.AWARDED and award.passes_over[0] in award.reason

    tie = TieDecision.objects.get()
    tied = [r for lot in results for r in lot.bids if r.tie]
    assert len(tied) == 2 and {r.tie_group for r in tied} == {tie.group}
    assert tie.reason and all("panel's recorded decision" in r.tie_note for r in tied)
    assert sorted(r.rank for r in tied) == [tied[0].rank, tied[0].rank + 1]
    client.force_login(users["officer"])
    page = client.get(reverse("decisions:results", args=[round_.pk])).content.decode()
    assert escape(tie.reason) in page and escape(award.reason) in page

    assert replay([round_.pk]) == []
    before = _state()
    again, _ = scenario.seed(until=Stage.DECIDED)
    assert again.pk == round_.pk and _state() == before


def test_round_results_adds_up_on_the_decided_demo(db):
    round_, _ = scenario.seed(until=Stage.DECIDED)
    out = io.StringIO()
    call_command("round_results", str(round_.pk), stdout=out)
    data = json.loads(out.getvalue())
    bids = [bid for lot in data["lots"] for bid in lot["bids"]]
    assert len(bids) == 11
    for bid in bids:
        points = sum(Decimal(line["points"]) for line in bid["criteria"])
        assert points == Decimal(bid["total"]), bid["bid"]
    for lot in data["lots"]:
        awarded = sum(Decimal(b["amount"]) for b in lot["bids"] if b["decision"] == "awarded")
        assert awarded == Decimal(lot["awarded_total"]) <= Decimal(lot["budget"])
