"""What the decision trail records of a bid (see audit/snapshots.py)."""

from decimal import Decimal

from audit.snapshots import register
from bids.models import Bid, Clarification, Document, ReadingHelp


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


def document_snapshot(d: Document) -> dict:
    # The file itself is checked by its digest; who uploaded it is the event's actor.
    return {
        "bid": d.bid_id,
        "name": d.original_name,
        "kind": d.kind,
        "size": d.size,
        "sha256": d.sha256,
    }


def reading_help_snapshot(h: ReadingHelp) -> dict:
    return {"bid": h.bid_id, "kind": h.kind, "text": h.text, "video_url": h.video_url}


def clarification_snapshot(c: Clarification) -> dict:
    return {"bid": c.bid_id, "question": c.question, "answer": c.answer}


def register_all():
    register(
        Bid,
        snapshot=bid_snapshot,
        queryset=lambda: Bid.objects.prefetch_related("answers"),
        describe=lambda b: f"Bid {b.pk} ({b.reference})",
    )
    on_bid = "bid__lot__round_id__in"
    register(
        Document,
        snapshot=document_snapshot,
        round_lookup=on_bid,
        describe=lambda d: f"Document {d.pk} of bid {d.bid_id} ({d.original_name})",
    )
    register(
        ReadingHelp,
        snapshot=reading_help_snapshot,
        round_lookup=on_bid,
        describe=lambda h: f"Reading help {h.pk} for bid {h.bid_id}",
    )
    register(
        Clarification,
        snapshot=clarification_snapshot,
        round_lookup=on_bid,
        describe=lambda c: f"Clarification {c.pk} on bid {c.bid_id}",
        merge=True,  # asked, then answered
        defaults={"answer": ""},
    )
