"""What the decision trail records of a score sheet (see audit/snapshots.py)."""

from audit.snapshots import register
from scoring.models import ScoreSheet


def register_all():
    from scoring.services import sheet_snapshot

    register(
        ScoreSheet,
        snapshot=sheet_snapshot,
        queryset=lambda: ScoreSheet.objects.select_related("assignment").prefetch_related("scores"),
        describe=lambda s: (
            f"Score sheet {s.pk} (member {s.assignment.member_id}, bid {s.assignment.bid_id})"
        ),
    )
