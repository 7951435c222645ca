"""What the decision trail records of scoring's objects (see audit/snapshots.py)."""

from audit.snapshots import register
from scoring.models import (
    AgendaItem,
    Attendance,
    Confirmation,
    ConsensusRecord,
    Deadline,
    Deputy,
    Meeting,
    ScoreSheet,
)


def register_all():
    from scoring.consensus import confirmation_snapshot, record_snapshot
    from scoring.meeting import attendance_snapshot, deputy_snapshot, meeting_snapshot
    from scoring.services import sheet_snapshot

    register(
        ScoreSheet,
        snapshot=sheet_snapshot,
        queryset=lambda: ScoreSheet.objects.select_related("assignment").prefetch_related("scores"),
        describe=lambda s: (
            f"Score sheet {s.pk} (member {s.assignment.member_id}, bid {s.assignment.bid_id})"
        ),
    )
    register(
        ConsensusRecord,
        snapshot=record_snapshot,
        queryset=lambda: ConsensusRecord.objects.prefetch_related("present", "recused"),
        describe=lambda r: f"Agreed score {r.pk} (bid {r.bid_id}, criterion {r.criterion_id})",
    )
    register(
        AgendaItem,
        snapshot=lambda i: {"bid": i.bid_id, "criterion": i.criterion_id, "discussed": i.discussed},
        describe=lambda i: f"Agenda item {i.pk} (bid {i.bid_id}, criterion {i.criterion_id})",
    )
    register(
        Confirmation,
        snapshot=confirmation_snapshot,
        describe=lambda c: f"Confirmation {c.pk} (member {c.member_id}, lot {c.lot_id})",
    )
    register(Meeting, snapshot=meeting_snapshot, describe=lambda m: f"Meeting for lot {m.lot_id}")
    register(
        Attendance,
        snapshot=attendance_snapshot,
        describe=lambda a: f"Attendance {a.pk} (member {a.member_id}, lot {a.lot_id})",
    )
    register(
        Deadline,
        snapshot=lambda d: {"due_at": d.due_at, "reminder_hours": d.reminder_hours},
        describe=lambda d: f"Scoring deadline of round {d.round_id}",
    )
    register(
        Deputy, snapshot=deputy_snapshot, describe=lambda d: f"Deputy chair for bid {d.bid_id}"
    )
