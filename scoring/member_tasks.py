"""What a panel member should do now, for the top of their home and panel pages (a task list).

`now(member, checklist_items)` says, for the round's actual stage, what is happening and the one or
two tasks to do next, the most urgent first. Every sentence here is true at the stage it is shown
in (tests/test_panellist_stages.py checks each stage). Scoring owns this because "score your next
bid" needs the member's sheets; panels pages get it through panels.tasks (registered in
scoring.apps) without importing upwards, and the home page (config) asks it directly.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from commissioning.models import Stage
from panels import access
from panels.models import MemberStatus, Role
from panels.readiness import Item
from scoring.member_display import bid_name
from scoring.models import ScoreSheet, SheetStatus

FINISHED = (SheetStatus.SUBMITTED, SheetStatus.WITHDRAWN)


@dataclass
class Now:
    title: str
    text: str
    tasks: list[Item] = field(default_factory=list)
    ready: bool = False  # shown as a success banner
    from_checklist: bool = (
        False  # the task is the checklist's next item (the panel page lists them all)
    )


def _sheets(member):
    """(bid, sheet or None) for each bid the member scores, in the order of their scoring page."""
    sheets = {
        s.assignment.bid_id: s
        for s in ScoreSheet.objects.filter(assignment__member=member).select_related("assignment")
    }
    bids = access.bids_for(member).select_related("lot").order_by("lot__number", "number")
    return [(bid, sheets.get(bid.pk)) for bid in bids]


def _scoring_task(member, round_) -> Item:
    rows = _sheets(member)
    counted = [(b, s) for b, s in rows if s is None or s.status != SheetStatus.WITHDRAWN]
    done = sum(1 for _, s in counted if s is not None and s.status == SheetStatus.SUBMITTED)
    nxt = next((b for b, s in counted if s is None or s.status not in FINISHED), None)
    progress = f"{done} of {len(counted)} bids scored."
    if nxt is None:
        return Item(
            label="Score your bids",
            done=bool(counted),
            url=reverse("scoring:dashboard", args=[member.pk]),
            hint=progress if counted else "You have no bids to score yet.",
            status="Done" if counted else "Waiting",
        )
    return Item(
        label=f"Score your next bid: {bid_name(nxt, round_)}",
        done=False,
        url=reverse("scoring:sheet", args=[member.pk, nxt.pk]),
        hint=f"{progress} You can save and come back at any time.",
        status="In progress" if done else "To do",
    )


def _getting_ready(member, items, *, scoring_open: bool) -> Now:
    todo = [item for item in items if not item.done]
    if scoring_open:
        title, text = "Get ready to score", "Scoring has started. Finish these first, then score."
    else:
        title = "Get ready"
        text = "Scoring has not started yet. You can get ready now."
    if not todo:
        text = "You are ready to score. When the round reaches scoring, your bids will be ready to read."
        return Now(title="You are ready", text=text, ready=True)
    return Now(title=title, text=text, tasks=todo[:1], from_checklist=True)


def now(member, items) -> Now | None:
    """What to do now. `items` is the member's checklist before scoring (panels.readiness)."""
    if member.status != MemberStatus.ACTIVE:
        return None
    round_ = member.panel.round
    stage = round_.stage
    scores = member.scores
    if stage in (Stage.DRAFT, Stage.INDUCTION):
        if not scores:
            return Now(title="Get ready", text="Scoring has not started yet.")
        return _getting_ready(member, items, scoring_open=False)
    if stage == Stage.SCORING:
        if not scores:
            return Now(title="Scoring", text="The panel is scoring the bids. You do not score.")
        if any(not item.done for item in items):
            return _getting_ready(member, items, scoring_open=True)
        return Now(
            title="Score your bids",
            text="Scoring is open. Score each bid on your own.",
            tasks=[_scoring_task(member, round_)],
        )
    if stage == Stage.CONSENSUS:
        return Now(
            title="The panel's meeting",
            text="Scoring has closed. The panel meets to agree one score for each question.",
            tasks=[
                Item(
                    label="Go to the page about the meeting",
                    done=False,
                    url=reverse("scoring:meeting", args=[member.pk]),
                    hint="When and where it is, and the panel's scores without names.",
                    status="To do",
                )
            ],
        )
    if stage == Stage.DECIDED:
        return Now(
            title="Decided",
            text="The panel's work is done. The officer and the chair are signing off the "
            "decisions. We will tell you what was decided.",
        )
    tasks = []
    if member.role in (Role.YOUNG, Role.PROFESSIONAL):
        tasks.append(
            Item(
                label="You said, we did: what was decided and how your scores compared",
                done=False,
                url=reverse("decisions:you_said", args=[member.pk]),
                status="To read",
            )
        )
    return Now(
        title="Published", text="The decisions are made and published. Thank you.", tasks=tasks
    )
