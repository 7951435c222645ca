"""What the decision trail records of a bid (see audit/snapshots.py)."""

from decimal import Decimal

from audit.personal import erased_without_event, seal
from audit.snapshots import register, register_check
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
        # Personal data: only a salted digest enters the trail, so the contact can be erased.
        "contact_name": seal(bid.contact_salt, "contact_name", bid.contact_name),
        "contact_email": seal(bid.contact_salt, "contact_email", bid.contact_email),
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


def contacts_erased_unrecorded(round_ids):
    """A bid contact whose salt is gone must have a recorded erasure (audit/personal.py)."""
    bids = Bid.objects.filter(contact_salt="")
    if round_ids is not None:
        bids = bids.filter(lot__round_id__in=round_ids)
    live = {
        f"bidcontact:{pk}": (f"round:{round_id}", f"The contact of bid {pk} ({reference})")
        for pk, reference, round_id in bids.values_list("pk", "reference", "lot__round_id")
    }
    return erased_without_event(live, "bidcontact:", round_ids) if live else []


def register_all():
    register_check(contacts_erased_unrecorded)
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
