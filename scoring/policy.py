"""Who may score: the one place that answers "may this member do this to this bid now, and if not,
why, in plain words".

Scoring owns the question; it asks the apps below it for their facts: panels (taking part, a
parent's or carer's consent, access to the bid after assignments and conflicts) and training (the
checklist before scoring). A view asks once per request (`may_score`) and hands the Verdict to the
service; the service still refuses whatever the Verdict refuses, and asks again itself when it was
handed none, or one about another member, bid or action, or one the round's stage has moved on from
since (`confirm`, read under the service's lock). Nothing else decides who may score.

  START  open a sheet for the first time: scoring is open, the member takes part, their whole
         checklist is done (a parent's or carer's consent among it) and they may open the bid.
  WRITE  save or submit a sheet already open: scoring is open, the member takes part and may still
         open the bid, and a consent an under-16 needs still stands (it can be withdrawn at any
         time; training once passed stays passed).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from commissioning.models import Stage
from panels import access as panel_access
from panels.models import Member
from panels.services import needs_parent_consent
from scoring.models import ScoreSheet, SheetStatus
from training.gating import is_ready

START = "start"
WRITE = "write"

NOT_OPEN = "Scoring is not open for this round right now."
NOT_TAKING_PART = "Only panellists taking part score bids."
NOT_READY = "Finish the things on your checklist first: then you can score."
CANNOT_SCORE = "You cannot score this bid."
NO_LONGER = "You cannot score this bid any more."
NO_CONSENT = (
    "Your parent's or carer's consent has been withdrawn, so you cannot score for now. Your sheet "
    "is kept as it was: once they give consent again, you can carry on."
)


@dataclass(frozen=True)
class Verdict:
    member_id: int
    bid_id: int
    action: str
    stage: str  # the round's stage when it was asked
    visible: bool  # the member may open the bid at all (if not, its pages are a 404)
    reason: str = ""  # why not, in plain words; empty when allowed

    @property
    def allowed(self) -> bool:
        return not self.reason

    def __bool__(self) -> bool:
        return self.allowed

    def check(self) -> None:
        """Raises a ValidationError carrying the reason, unless allowed."""
        if self.reason:
            raise ValidationError(self.reason)


def may_score(member: Member, bid, action: str = START) -> Verdict:
    """May `member` do `action` (START or WRITE) to `bid` now? One query for access to the bid,
    plus the checklist's for START."""
    if action not in (START, WRITE):
        raise ValueError(f"Unknown action {action!r}")
    stage = member.panel.round.stage
    visible = panel_access.bids_for(member).filter(pk=bid.pk).exists()

    def verdict(reason=""):
        return Verdict(member.pk, bid.pk, action, stage, visible, reason)

    if stage != Stage.SCORING and not (
        stage == Stage.CONSENSUS and action == WRITE and reopened(member, bid)
    ):
        return verdict(NOT_OPEN)
    if action == START:
        if not member.scores:
            return verdict(NOT_TAKING_PART)
        if not is_ready(member):
            return verdict(NOT_READY)
        return verdict("" if visible else CANNOT_SCORE)
    if not member.scores or not visible:
        return verdict(NO_LONGER)
    if needs_parent_consent(member):
        return verdict(NO_CONSENT)
    return verdict()


def reopened(member: Member, bid) -> bool:
    """A sheet the chair reopened during the consensus meeting may be changed and sent again; every
    other sheet is locked once scoring is over."""
    return (
        ScoreSheet.objects.filter(
            assignment__member=member, assignment__bid=bid, status=SheetStatus.DRAFT
        )
        .exclude(reopened_reason="")
        .exists()
    )


def confirm(verdict: Verdict | None, member: Member, bid, action: str, stage: str) -> Verdict:
    """The verdict a service acts on: the one it was handed if that is about this member, bid and
    action and the round is still at the stage it was asked at (`stage`, read under the service's
    lock); otherwise asked again here."""
    if (
        verdict is not None
        and (verdict.member_id, verdict.bid_id, verdict.action) == (member.pk, bid.pk, action)
        and verdict.stage == stage
    ):
        return verdict
    return may_score(member, bid, action)
