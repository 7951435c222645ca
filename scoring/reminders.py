"""Reminder emails before the scoring deadline (run by cron: manage.py send_scoring_reminders).

For each round in scoring with a deadline still ahead, the latest reminder time that has arrived
(e.g. "24 hours before") is sent to each member with sheets left: one email listing their bids. A
Reminder row per assignment and reminder time is written in the same transaction, so a re-run (or
two cron jobs at once) never sends the same reminder twice. If the job was not running when an
earlier reminder time came (or the deadline was set late), only the latest one due is sent, so
nobody gets two emails at once. Nothing is sent once the deadline has passed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

import audit
from commissioning.models import Round, Stage
from config.mail import send_now
from panels.models import Assignment
from scoring import notify
from scoring.models import Deadline, Reminder
from scoring.progress import missing_sheets


@dataclass
class Batch:
    """One reminder time for one round: who gets an email, and for which assignments."""

    round: Round
    due_at: object
    hours: int
    by_member: dict = field(default_factory=dict)  # member -> [assignment, ...]
    failed: int = 0

    @property
    def sheets(self) -> int:
        return sum(len(a) for a in self.by_member.values())


def slot_due(deadline: Deadline, now) -> int | None:
    """The latest reminder time (hours before the deadline) that has arrived, if any."""
    if now >= deadline.due_at:
        return None
    arrived = [h for h in deadline.reminder_hours if deadline.due_at - timedelta(hours=h) <= now]
    return min(arrived) if arrived else None


def _batch(round_: Round, deadline: Deadline, hours: int) -> Batch:
    batch = Batch(round=round_, due_at=deadline.due_at, hours=hours)
    missing = missing_sheets(round_)
    if not missing:
        return batch
    assignments = {
        (a.member_id, a.bid_id): a
        for a in Assignment.objects.filter(bid__lot__round=round_).only("pk", "member_id", "bid_id")
    }
    sent = set(
        Reminder.objects.filter(
            assignment__bid__lot__round=round_, hours_before=hours, due_at=deadline.due_at
        ).values_list("assignment_id", flat=True)
    )
    by_member = defaultdict(list)
    for member, bid in missing:
        assignment = assignments[(member.pk, bid.pk)]
        if assignment.pk in sent:
            continue
        assignment.bid = bid
        by_member[member].append(assignment)
    batch.by_member = dict(by_member)
    return batch


def due(now) -> list[Batch]:
    """What would be sent now (reads only)."""
    batches = []
    deadlines = Deadline.objects.filter(round__stage=Stage.SCORING, due_at__gt=now).select_related(
        "round"
    )
    for deadline in deadlines.order_by("round_id"):
        hours = slot_due(deadline, now)
        if hours is not None:
            batch = _batch(deadline.round, deadline, hours)
            if batch.by_member:
                batches.append(batch)
    return batches


def dashboard_url(member) -> str:
    return settings.SITE_URL + reverse("scoring:dashboard", args=[member.pk])


def send(now) -> list[Batch]:
    """Sends what is due, round by round, each under the round's lock."""
    sent = []
    for planned in due(now):
        with transaction.atomic():
            round_ = Round.objects.select_for_update(of=("self",)).get(pk=planned.round.pk)
            deadline = Deadline.objects.filter(round=round_).first()
            if round_.stage != Stage.SCORING or deadline is None:
                continue
            hours = slot_due(deadline, now)
            if hours is None:
                continue
            batch = _batch(round_, deadline, hours)  # again, now that the round is locked
            if not batch.by_member:
                continue
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        assignment=assignment,
                        hours_before=hours,
                        due_at=deadline.due_at,
                        sent_at=now,
                    )
                    for assignments in batch.by_member.values()
                    for assignment in assignments
                ]
            )
            audit.record(
                "scoring.reminders_sent",
                round=round_,
                actor="system",
                object_type="scoring.reminder_slot",
                object_id=f"{round_.pk}:{deadline.due_at.isoformat()}:{hours}",
                after={
                    "due_at": deadline.due_at,
                    "hours_before": hours,
                    "members": len(batch.by_member),
                    "sheets": batch.sheets,
                    # Which sheets were reminded, so a reminder row added or removed behind the
                    # app's back is named (scoring.snapshots.reminders_sent).
                    "assignments": sorted(
                        a.pk for assignments in batch.by_member.values() for a in assignments
                    ),
                    "sent_at": now,
                },
            )
            for member, assignments in batch.by_member.items():
                subject, body = notify.scoring_reminder(
                    member,
                    [a.bid for a in assignments],
                    due_at=deadline.due_at,
                    dashboard_url=dashboard_url(member),
                )
                transaction.on_commit(_sender(batch, subject, body, member.user.email))
        sent.append(batch)
    return sent


def _sender(batch, subject, body, to):
    def send_one():
        if not send_now(subject, body, to):
            batch.failed += 1

    return send_one
