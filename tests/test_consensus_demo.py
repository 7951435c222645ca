"""The demo at its consensus meetings: lot 1 agreed and confirmed, lot 2 half way, lot 3 to come;
the demo's deliberate disagreements come first on the agendas; the trail replays clean."""

from audit.replay import replay
from commissioning.models import Stage
from demo import scenario
from scoring.consensus import lot_record
from scoring.models import ConsensusRecord, Meeting
from scoring.statistics import lot_statistics
from tests.demo_dates import problems


def test_the_demo_tells_the_consensus_story(db):
    round_, _ = scenario.seed(until=Stage.CONSENSUS)
    assert round_.stage == Stage.CONSENSUS
    lots = list(round_.lots.order_by("number"))
    first, second, third = (lot_record(lot) for lot in lots)
    assert first.complete and first.confirmed
    assert any(r.dissents for r in first.records.values())
    assert 0 < len(second.records) < len(second.items) and not second.confirmed
    assert not third.records
    assert Meeting.objects.filter(lot=lots[1]).get().current_bid_id is not None
    assert all(Meeting.objects.get(lot=lot).arranged for lot in lots)
    assert problems(round_) == []  # scoring closed days ago, lot 1 met, lot 3 meets next week
    flagged = sum(1 for lot in lots for item in lot_statistics(lot).items.values() if item.flagged)
    assert flagged >= 3
    assert not replay([round_.pk])
    records = ConsensusRecord.objects.count()
    scenario.seed(until=Stage.CONSENSUS)
    assert ConsensusRecord.objects.count() == records


def test_round_stats_on_the_demo_matches_krippendorff_and_pingouin(db):
    """The demo's real data, missing sheets included, checked against independent packages."""
    import io
    import json

    import krippendorff
    import numpy as np
    import pytest
    from django.core.management import call_command

    from commissioning.models import CriterionKind
    from scoring.models import CriterionScore, SheetStatus
    from tests.test_statistics import pingouin_icc2

    round_, _ = scenario.seed(until=Stage.CONSENSUS)
    out = io.StringIO()
    call_command("round_stats", str(round_.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert [entry["lot"] for entry in data["lots"]] == [1, 2, 3]
    for lot, entry in zip(round_.lots.order_by("number"), data["lots"], strict=True):
        rows = CriterionScore.objects.filter(
            sheet__assignment__bid__lot=lot,
            sheet__assignment__bid__status="received",
            sheet__status=SheetStatus.SUBMITTED,
            criterion__kind=CriterionKind.SCORED,
        ).values_list(
            "sheet__assignment__member_id",
            "sheet__assignment__bid__number",
            "criterion__order",
            "criterion_id",
            "score",
        )
        members = sorted({r[0] for r in rows})
        items = sorted({(r[1], r[2], r[3]) for r in rows})
        matrix = np.full((len(members), len(items)), np.nan)
        for member, number, order, criterion, score in rows:
            matrix[members.index(member), items.index((number, order, criterion))] = score
        for level in ("interval", "ordinal"):
            expected = krippendorff.alpha(
                matrix, value_domain=list(range(6)), level_of_measurement=level
            )
            assert entry[f"alpha_{level}"] == pytest.approx(expected, abs=1e-6)
        complete = matrix[:, ~np.isnan(matrix).any(axis=0)]
        assert entry["icc_items"] == complete.shape[1]
        if complete.shape[1] >= 5:
            assert entry["icc_2_1"] == pytest.approx(pingouin_icc2(complete.T), abs=1e-6)
        else:
            assert entry["icc_2_1"] is None
