"""What the decision trail records of the decisions app's objects (see audit/snapshots.py)."""

from audit.snapshots import register
from decisions.models import Award, LotAdvice, OfficerCheck, OfficerScore, TieDecision


def register_all():
    from decisions.awards import advice_snapshot, award_snapshot, tie_snapshot
    from decisions.checks import check_snapshot, score_snapshot

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
