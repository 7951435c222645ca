"""What the decision trail records of scoring's objects (see audit/snapshots.py)."""

from audit.snapshots import register, register_check
from scoring.models import (
    AgendaItem,
    Attendance,
    Confirmation,
    ConsensusRecord,
    Deadline,
    Deputy,
    Meeting,
    Reminder,
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
    register_check(reminders_sent)


def reminders_sent(round_ids):
    """The reminder emails sent: one event per round and reminder time ("slot") names the sheets
    reminded; the Reminder rows (which stop a second email) must be exactly those."""
    from audit.canonical import normalise
    from audit.models import AuditEvent
    from audit.verify import Finding

    events = AuditEvent.objects.filter(action="scoring.reminders_sent").order_by("chain_id", "seq")
    live = Reminder.objects.all()
    if round_ids is not None:
        events = events.filter(round_id__in=round_ids)
        live = live.filter(assignment__bid__lot__round_id__in=round_ids)
    recorded = {}
    for round_id, after, chain, seq in events.values_list(
        "round_id", "after", "chain__key", "seq"
    ).iterator():
        key = (round_id, after["due_at"], after["hours_before"])
        recorded[key] = (chain, seq, after)
    rows = {}
    for round_id, due_at, hours, assignment, sent_at in live.values_list(
        "assignment__bid__lot__round_id", "due_at", "hours_before", "assignment_id", "sent_at"
    ).iterator():
        rows.setdefault((round_id, normalise(due_at), hours), []).append(
            (assignment, normalise(sent_at))
        )

    findings = []
    for key in sorted(set(recorded) | set(rows), key=str):
        round_id, due_at, hours = key
        slot = f"Reminders of round {round_id} sent {hours} h before the deadline {due_at}"
        if key not in recorded:
            findings.append(
                Finding(f"round:{round_id}", f"{slot} are in the database but not in the trail")
            )
            continue
        chain, seq, after = recorded[key]
        sent = rows.get(key, [])
        problems = []
        if "assignments" in after:  # recorded since reminders named their sheets
            live_ids, trail_ids = {a for a, _ in sent}, set(after["assignments"])
            problems += [
                f"assignment {a} is in the database only" for a in sorted(live_ids - trail_ids)
            ]
            problems += [f"assignment {a} is missing" for a in sorted(trail_ids - live_ids)]
            problems += [
                f"assignment {a} says it was sent at {at}, the trail {after['sent_at']}"
                for a, at in sorted(sent)
                if at != after["sent_at"]
            ]
        elif len(sent) != after["sheets"]:
            problems.append(
                f"{len(sent)} are in the database, the trail recorded {after['sheets']}"
            )
        if problems:
            findings.append(
                Finding(
                    chain, f"{slot} were changed outside the app: " + "; ".join(problems), seq=seq
                )
            )
    return findings
