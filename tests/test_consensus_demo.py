"""The demo at its consensus meetings: lot 1 agreed and confirmed, lot 2 half way, lot 3 to come;
the demo's deliberate disagreements come first on the agendas; the trail replays clean."""

from audit.replay import replay
from commissioning.models import Stage
from demo import scenario
from scoring.consensus import lot_record
from scoring.models import ConsensusRecord, Meeting
from scoring.statistics import lot_statistics


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
    flagged = sum(1 for lot in lots for item in lot_statistics(lot).items.values() if item.flagged)
    assert flagged >= 3
    assert not replay([round_.pk])
    records = ConsensusRecord.objects.count()
    scenario.seed(until=Stage.CONSENSUS)
    assert ConsensusRecord.objects.count() == records
