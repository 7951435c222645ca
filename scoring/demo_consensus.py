"""The demo round at its consensus meetings: scoring closed with the officer's reason (missing
sheets stay missing), each lot's meeting arranged, lot 1 agreed and confirmed (one member
dissenting on one item), lot 2 half way through its meeting, lot 3 not started; `finish` then
agrees and confirms the rest, for the decided stage. The demo's
deliberate disagreements show up on the agendas as items to discuss first. Seeded through the
services, so the trail is real; running it again changes nothing.

Call after scoring.demo.seed: `scoring.demo_consensus.seed(round_, officer)`.
"""

from datetime import datetime, time, timedelta
from statistics import median_low

from django.utils import timezone

from commissioning import services as round_services
from commissioning.models import Round, Stage
from panels.models import CONFLICT_QUESTIONS, Member, Role
from panels.services import declare, organisations
from scoring import consensus, meeting
from scoring import consensus_policy as policy
from scoring.demo_scores import SCORES
from scoring.models import Attendance, ConsensusRecord, CriterionScore, Meeting, SheetStatus
from scoring.progress import missing_sheets

CLOSE_REASON = (
    "Scoring closed at the deadline. The missing sheets stay missing; the chair will invite "
    "those panellists to say what they think at the meeting."
)
# (days from today, hour, place) for each lot's meeting: lot 1 met two days ago, lot 2 is
# meeting now, lot 3 meets next week.
MEETINGS = [
    (-2, 17, "The Youth Hub, 4 High Street, room 2"),
    (0, 16, "The Youth Hub, 4 High Street, room 2"),
    (7, 10, "Central Library, meeting room 1 (step-free)"),
]
BRING = "Your notes on each bid, if you made any. Printed copies of the bids will be there."
SUPPORT = "Taxis home for anyone leaving after 6pm, a quiet room next door, and food."
DISSENT = (
    "kai@example.org",
    "I still think the plan for reaching young carers is thinner than a 4 suggests.",
)


def seed(round_, officer, *, meetings=None):
    """`meetings`: (starts at, place) for each lot, in lot order; MEETINGS from today unless
    given (demo/timeline.py gives them for the stage the demo stops at)."""
    round_ = Round.objects.get(pk=round_.pk)
    if round_.stage == Stage.SCORING:
        _chair_declares(round_)
        _arrange(round_, officer, meetings or _from_today())
        reason = CLOSE_REASON if missing_sheets(round_) else ""
        round_ = round_services.move_stage(round_, to=Stage.CONSENSUS, by=officer, reason=reason)
    if round_.stage != Stage.CONSENSUS:
        return
    lots = list(round_.lots.order_by("number"))
    if lots:
        _agree(lots[0], share=1.0)
        _confirm(lots[0])
    if len(lots) > 1:
        _agree(lots[1], share=0.5)


def _chair_declares(round_):
    """The chair is a member like the others: they say they know none of the organisations."""
    for chair in Member.objects.for_round(round_).filter(role=Role.MODERATOR):
        for lot in chair.panel.lots():
            for bids in organisations(lot).values():
                if not chair.declarations.filter(bid=bids[0], current=True).exists():
                    declare(
                        chair,
                        bids[0],
                        by=chair.user,
                        answers=dict.fromkeys(CONFLICT_QUESTIONS, "no"),
                    )


def _from_today():
    today = timezone.localdate()
    return [
        (timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour))), place)
        for days, hour, place in MEETINGS
    ]


def _arrange(round_, officer, meetings):
    for lot, (starts, place) in zip(round_.lots.order_by("number"), meetings, strict=False):
        if Meeting.objects.filter(lot=lot).exists():
            continue
        meeting.set_meeting(
            lot,
            by=officer,
            starts_at=starts,
            place=place,
            video_link="https://meet.example.org/youth-panel",
            bring=BRING,
            support_arranged=SUPPORT,
        )


def _scores(item) -> list[int]:
    return list(
        CriterionScore.objects.filter(
            sheet__assignment__bid=item.bid,
            criterion=item.criterion,
            sheet__status=SheetStatus.SUBMITTED,
        ).values_list("score", flat=True)
    )


def _rationale(item, score: int) -> tuple[str, str]:
    """A rationale that cites the bid, from what the demo's careful reader noted."""
    _, good, gap = SCORES.get(item.bid.title, {}).get(
        item.criterion.title, (3, "the answer is sound", "it is brief")
    )
    text = f"The panel agreed {score} because {good}. What held it back: {gap}."
    return text, f"For: {good}. Against: {gap}."


def _agree(lot, *, share: float):
    """The chair records the first `share` of the lot's agenda, discussing each item first."""
    items = policy.items(lot)
    done = {(r.bid_id, r.criterion_id) for r in ConsensusRecord.objects.filter(bid__lot=lot)}
    members = list(policy.lot_members(lot))
    clear = policy.clear_pairs(lot)
    away = {a.member_id for a in Attendance.objects.filter(lot=lot, can_attend=False)}
    upto = round(len(items) * share)
    for position, item in enumerate(items[:upto]):
        if item.key in done:
            continue
        chair = next((m for m in members if policy.chairing_member(m.user, item.bid)), None)
        if chair is None:
            continue
        scores = _scores(item)
        score = median_low(scores) if scores else 3
        spread = max(scores) - min(scores) if scores else 0
        rationale, points = _rationale(item, score)
        present = [m.pk for m in members if (m.pk, item.bid.pk) in clear and m.pk not in away]
        entry = consensus.Entry(
            score=score,
            rationale=rationale,
            key_points=points,
            reached="majority" if spread >= 2 else "unanimous",
            present=present,
        )
        dissenter = next((m for m in members if m.user.email == DISSENT[0]), None)
        if position == 2 and dissenter is not None and dissenter.pk in present:
            entry.dissent_member, entry.dissent_text = dissenter.pk, DISSENT[1]
        consensus.tick(item.bid, item.criterion, by=chair.user, discussed=True)
        consensus.save_record(item.bid, item.criterion, by=chair.user, entry=entry, version=0)
    current = items[upto] if upto < len(items) else None
    if share < 1 and current is not None:
        chair = next((m for m in members if policy.chairing_member(m.user, current.bid)), None)
        if chair is not None:
            meeting.show_item(current.bid, current.criterion, by=chair.user)


def _confirm(lot):
    state = consensus.lot_record(lot)
    if not state.complete:
        return
    for member in state.waiting_for:
        consensus.confirm(lot, member, by=member.user, agrees=True)


def finish(round_, officer):
    """The meetings of lots 2 and 3 are over too: a meeting still ahead is moved by the officer to
    yesterday, every remaining item is recorded the same way (the lower median of the submitted
    scores, discussed first, with a rationale citing the bid), and every member present confirms
    each lot's record. For the decided stage (decisions/demo.py); running it again changes
    nothing."""
    round_ = Round.objects.get(pk=round_.pk)
    if round_.stage != Stage.CONSENSUS:
        return
    yesterday = timezone.localdate() - timedelta(days=1)
    for lot in round_.lots.order_by("number"):
        held = Meeting.objects.filter(lot=lot).first()
        if held is not None and held.starts_at > timezone.now():
            hour = timezone.localtime(held.starts_at).hour
            meeting.set_meeting(
                lot,
                by=officer,
                starts_at=timezone.make_aware(datetime.combine(yesterday, time(hour))),
                place=held.place,
                video_link=held.video_link,
                bring=held.bring,
                support_arranged=held.support_arranged,
            )
        _agree(lot, share=1.0)
        _confirm(lot)
