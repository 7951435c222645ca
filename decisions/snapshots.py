"""What the decision trail records of the decisions app's objects (see audit/snapshots.py)."""

from audit.snapshots import register
from decisions.models import (
    Award,
    FeedbackNote,
    LotAdvice,
    OfficerCheck,
    OfficerScore,
    ProcurementRecord,
    Publication,
    SignOff,
    TieDecision,
)


def note_snapshot(n: FeedbackNote) -> dict:
    return {"round": n.round_id, "message": n.message}


def register_all():
    from decisions.awards import advice_snapshot, award_snapshot, tie_snapshot
    from decisions.checks import check_snapshot, score_snapshot
    from decisions.procurement import record_snapshot
    from decisions.publication import publication_snapshot
    from decisions.signoff import signoff_snapshot

    register(
        OfficerCheck,
        snapshot=check_snapshot,
        describe=lambda c: f"Officer check {c.pk} (bid {c.bid_id}, criterion {c.criterion_id})",
    )
    register(
        OfficerScore,
        snapshot=score_snapshot,
        describe=lambda s: f"Officer score {s.pk} (bid {s.bid_id}, criterion {s.criterion_id})",
    )
    register(Award, snapshot=award_snapshot, describe=lambda a: f"Award for bid {a.bid_id}")
    register(
        TieDecision,
        snapshot=tie_snapshot,
        describe=lambda t: f"Tie decision {t.pk} (lot {t.lot_id}, bids {t.group})",
    )
    register(
        LotAdvice, snapshot=advice_snapshot, describe=lambda a: f"Panel advice on lot {a.lot_id}"
    )
    register(
        SignOff,
        snapshot=signoff_snapshot,
        describe=lambda s: f"{s.get_role_display()} sign-off {s.pk} (round {s.round_id})",
    )
    register(
        Publication,
        snapshot=publication_snapshot,
        describe=lambda p: f"Publication of round {p.round_id}",
    )
    register(
        ProcurementRecord,
        snapshot=record_snapshot,
        describe=lambda r: f"Procurement dates of round {r.round_id}",
    )
    register(
        FeedbackNote,
        snapshot=note_snapshot,
        describe=lambda n: f"Message to the panel of round {n.round_id}",
    )
