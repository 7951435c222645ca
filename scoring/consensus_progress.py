"""How far each of the chair's lots has got: items recorded of the total, ticked as discussed, and
confirmations still waiting. Reads only; a fixed number of queries whatever the number of lots.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from bids.models import Bid, BidStatus
from commissioning.models import Criterion, CriterionKind
from panels.models import MemberStatus
from scoring.models import AgendaItem, Confirmation, ConsensusRecord, Meeting


@dataclass
class LotProgress:
    lot: object
    items: int = 0
    recorded: int = 0
    discussed: int = 0
    waiting: int = 0
    confirmed: int = 0
    meeting: Meeting | None = None

    @property
    def complete(self) -> bool:
        return bool(self.items) and self.recorded >= self.items


def lots_progress(lots) -> list[LotProgress]:
    """For each lot: items recorded of the total, ticked as discussed, and confirmations still
    waiting. Seven queries whatever the number of lots, bids and members."""
    lots = list(lots)
    pks = [lot.pk for lot in lots]
    bids = dict(
        Bid.objects.filter(lot_id__in=pks, status=BidStatus.RECEIVED)
        .values("lot_id")
        .annotate(n=Count("pk"))
        .values_list("lot_id", "n")
    )
    rubrics = {lot.rubric_id for lot in lots if lot.rubric_id}
    criteria = dict(
        Criterion.objects.filter(rubric_id__in=rubrics, kind=CriterionKind.SCORED)
        .values("rubric_id")
        .annotate(n=Count("pk"))
        .values_list("rubric_id", "n")
    )
    panel_item = {
        "bid__lot_id__in": pks,
        "bid__status": BidStatus.RECEIVED,
        "criterion__kind": CriterionKind.SCORED,
    }
    recorded = dict(
        ConsensusRecord.objects.filter(**panel_item)
        .values("bid__lot_id")
        .annotate(n=Count("pk"))
        .values_list("bid__lot_id", "n")
    )
    discussed = dict(
        AgendaItem.objects.filter(discussed=True, **panel_item)
        .values("bid__lot_id")
        .annotate(n=Count("pk"))
        .values_list("bid__lot_id", "n")
    )
    present = defaultdict(set)
    for lot_pk, member_pk in ConsensusRecord.present.through.objects.filter(
        consensusrecord__bid__lot_id__in=pks, member__status=MemberStatus.ACTIVE
    ).values_list("consensusrecord__bid__lot_id", "member_id"):
        present[lot_pk].add(member_pk)
    confirmed = defaultdict(set)
    for lot_pk, member_pk in Confirmation.objects.filter(lot_id__in=pks, reset_at=None).values_list(
        "lot_id", "member_id"
    ):
        confirmed[lot_pk].add(member_pk)
    meetings = {m.lot_id: m for m in Meeting.objects.filter(lot_id__in=pks)}
    return [
        LotProgress(
            lot=lot,
            items=bids.get(lot.pk, 0) * criteria.get(lot.rubric_id, 0),
            recorded=recorded.get(lot.pk, 0),
            discussed=discussed.get(lot.pk, 0),
            waiting=len(present[lot.pk] - confirmed[lot.pk]),
            confirmed=len(present[lot.pk] & confirmed[lot.pk]),
            meeting=meetings.get(lot.pk),
        )
        for lot in lots
    ]
