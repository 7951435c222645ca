"""What the decision trail records of a bid (see audit/snapshots.py)."""

from decimal import Decimal

from audit.snapshots import register
from bids.models import Bid


def bid_snapshot(bid: Bid) -> dict:
    return {
        "lot": bid.lot_id,
        "reference": bid.reference,
        "alias": bid.alias,
        "organisation": bid.organisation,
        "title": bid.title,
        "summary": bid.summary,
        "amount_requested": Decimal(bid.amount_requested).quantize(Decimal("0.01")),
        "contact_name": bid.contact_name,
        "contact_email": bid.contact_email,
        "status": bid.status,
        "status_reason": bid.status_reason,
        "answers": {str(a.criterion_id): a.text for a in bid.answers.all()},
    }


def register_all():
    register(
        Bid,
        snapshot=bid_snapshot,
        queryset=lambda: Bid.objects.prefetch_related("answers"),
        describe=lambda b: f"Bid {b.pk} ({b.reference})",
    )
