"""The consensus meeting itself: when and where, who cannot come, who chairs a bid the chair is
conflicted on, and which item is on the screen now.

Setting the meeting, sending apologies and naming a deputy are recorded. Moving the presentation
on to the next item is not a decision, so it is not an event (like a draft autosave).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

import audit
from commissioning import access as round_access
from commissioning.final import lock_for_change
from commissioning.models import Round, Stage
from commissioning.signals import stage_moved
from panels.models import Member, Role
from scoring import consensus_policy as policy
from scoring import notify
from scoring.models import Attendance, Deputy, Meeting

PLANNING_STAGES = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS)
MEETING_FIELDS = ("starts_at", "place", "video_link", "bring", "support_arranged")


def _lock(round_: Round) -> Round:
    return lock_for_change(round_)


def meeting_snapshot(meeting: Meeting) -> dict:
    """The arrangements; the item on screen is left out (moving it is not a decision)."""
    return {"lot": meeting.lot_id, **{f: getattr(meeting, f) for f in MEETING_FIELDS}}


def attendance_snapshot(a: Attendance) -> dict:
    return {"lot": a.lot_id, "member": a.member_id, "can_attend": a.can_attend, "note": a.note}


def deputy_snapshot(d: Deputy) -> dict:
    return {"bid": d.bid_id, "member": d.member_id, "reason": d.reason}


def may_arrange(user, lot) -> bool:
    is_officer = round_access.MANAGE in round_access.round_perms(user, lot.round)
    return is_officer or policy.lot_chair(user, lot) is not None


@transaction.atomic
def set_meeting(lot, *, by, **arrangements) -> Meeting:
    """The officer or the chair sets when and where the lot's meeting is. Once the round is in
    consensus, members are emailed the new arrangements."""
    if not may_arrange(by, lot):
        raise PermissionDenied("Only the round's officers or the panel's chair can set this.")
    round_ = _lock(lot.round)
    if round_.stage not in PLANNING_STAGES:
        raise ValidationError("The meeting is over: its arrangements can no longer change.")
    unknown = set(arrangements) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Unknown arrangements: {sorted(unknown)}")
    place = (arrangements.get("place") or "").strip()
    link = (arrangements.get("video_link") or "").strip()
    if not place and not link:
        raise ValidationError({"place": "Give a place, a video link, or both."})
    if link and not link.startswith("https://"):
        raise ValidationError({"video_link": "Give a video link that starts with https://"})
    if arrangements.get("starts_at") is None:
        raise ValidationError({"starts_at": "Give the date and time of the meeting."})
    meeting = Meeting.objects.select_for_update(of=("self",)).filter(lot=lot).first()
    before = meeting_snapshot(meeting) if meeting else None
    meeting = meeting or Meeting(lot=lot)
    for name in MEETING_FIELDS:
        value = arrangements.get(name, getattr(meeting, name))
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.updated_by = by
    meeting.updated_at = timezone.now()
    meeting.save()
    after = meeting_snapshot(meeting)
    if after != before:
        audit.record(
            "meeting.set" if before is None else "meeting.changed",
            obj=meeting,
            round=round_,
            actor=by,
            before=before,
        )
        if round_.stage == Stage.CONSENSUS:
            notify.meeting_arranged(meeting, policy.lot_members(lot))
    return meeting


@transaction.atomic
def set_attendance(member: Member, lot, *, by, can_attend: bool, note: str = "") -> Attendance:
    """A member says they cannot come to (or can now come to) their lot's meeting."""
    if by.pk != member.user_id:
        raise PermissionDenied("Only the member can say whether they can come.")
    round_ = _lock(lot.round)
    if round_.stage not in PLANNING_STAGES:
        raise ValidationError("The meeting is over.")
    if not policy.lot_members(lot).filter(pk=member.pk).exists():
        raise ValidationError("You are not on the panel for this lot.")
    note = (note or "").strip()[:300]
    attendance, created = Attendance.objects.get_or_create(
        lot=lot, member=member, defaults={"can_attend": can_attend, "note": note}
    )
    if not created:
        attendance = Attendance.objects.select_for_update(of=("self",)).get(pk=attendance.pk)
        if (attendance.can_attend, attendance.note) == (can_attend, note):
            return attendance
        before = attendance_snapshot(attendance)
        attendance.can_attend, attendance.note = can_attend, note
        attendance.updated_at = timezone.now()
        attendance.save(update_fields=["can_attend", "note", "updated_at"])
    else:
        before = None
    audit.record("meeting.attendance", obj=attendance, round=round_, actor=by, before=before)
    return attendance


@transaction.atomic
def name_deputy(bid, member: Member, *, by, reason: str) -> Deputy:
    """An officer names who chairs `bid` because the panel's chair has a conflict with it."""
    round_ = bid.lot.round
    if round_access.MANAGE not in round_access.round_perms(by, round_):
        raise PermissionDenied("Only the round's officers can name a deputy chair.")
    round_ = _lock(round_)
    if round_.stage not in PLANNING_STAGES:
        raise ValidationError("The meeting is over: who chaired it can no longer change.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this member chairs the bid."})
    if member.pk not in {m.pk for m in policy.deputy_candidates(bid)}:
        raise ValidationError(
            {"member": "Choose a member of this panel who takes part and is clear of this bid."}
        )
    deputy = Deputy.objects.select_for_update(of=("self",)).filter(bid=bid).first()
    before = deputy_snapshot(deputy) if deputy else None
    deputy = deputy or Deputy(bid=bid)
    deputy.member, deputy.reason, deputy.named_by = member, reason, by
    deputy.named_at = timezone.now()
    deputy.save()
    audit.record("meeting.deputy_named", obj=deputy, round=round_, actor=by, before=before)
    return deputy


@transaction.atomic
def show_item(bid, criterion, *, by) -> Meeting:
    """The chair puts an item on everyone's screen (the presentation view follows it)."""
    problem = policy.why_not_chairing(by, bid)
    if problem:
        raise PermissionDenied(problem)
    if not policy.is_panel_item(bid, criterion):
        raise ValidationError("This is not an item on the panel's agenda.")
    meeting = Meeting.objects.filter(lot=bid.lot).first()
    if meeting is None:
        round_ = _lock(bid.lot.round)
        meeting = Meeting.objects.create(lot=bid.lot, updated_by=by)
        audit.record("meeting.opened", obj=meeting, round=round_, actor=by)
    Meeting.objects.filter(pk=meeting.pk).update(current_bid=bid, current_criterion=criterion)
    meeting.current_bid, meeting.current_criterion = bid, criterion
    return meeting


def support_needs(lot) -> list[Member]:
    """The lot's members with the support they asked for: for the officer's planning page only."""
    return [
        m
        for m in policy.lot_members(lot)
        if m.support_needs or m.support_other or m.role == Role.YOUNG
    ]


@receiver(stage_moved)
def tell_members_consensus_started(sender, round_, before, after, **kwargs):
    """When a round enters consensus, each active member hears when and where their meeting is."""
    if after != Stage.CONSENSUS or before != Stage.SCORING:
        return
    lots = [(lot, Meeting.objects.filter(lot=lot).first()) for lot in round_.lots.all()]
    by_member: dict[int, tuple] = {}
    for lot, meeting in lots:
        for member in policy.lot_members(lot):
            by_member.setdefault(member.user_id, (member, []))[1].append((lot, meeting))
    for member, meetings in by_member.values():
        notify.consensus_started(member, meetings)
