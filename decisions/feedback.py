""" "You said, we did": what one panellist sees once the round is published, and the officer's
message to the panel that heads it.

For each lot the panellist's panel scored: every bid's decision. For each bid they scored (a
submitted sheet): per question, their score and reason beside the agreed score, whether the panel
moved towards their view (decisions.influence.direction: the agreed score closer to theirs than
the median of the other scorers' scores was) and, where it did not, the rationale the panel
recorded. Never another member's individual scores: the others' scores are read only to work out
the direction, and never leave this module.

you_said(member) runs a fixed number of queries, whatever the number of lots, bids and questions.
The officer writes the message while the round is decided; at publication it becomes final.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from bids.models import Bid
from commissioning.final import lock_for_change
from commissioning.models import Stage
from decisions import policy, survey
from decisions.influence import TOWARDS, direction, median
from decisions.models import Decision, FeedbackNote
from decisions.publication import feedback_released
from decisions.snapshots import note_snapshot
from panels.access import shows_price
from scoring.models import ConsensusRecord, CriterionScore, SheetStatus

SAME, NOT_TOWARDS = "same", "not_towards"
MESSAGE_MAX = 4000
MESSAGE_STAGES = (Stage.DECIDED,)
NOT_NOW = (
    "You can write the message to the panel once the round is decided, until it is published. "
    "This round is {stage}."
)


@dataclass
class Line:
    """One question on a bid the panellist scored."""

    title: str
    scale_max: int
    mine: int
    my_reason: str
    agreed: int | None
    rationale: str
    way: str  # SAME (the agreed score is theirs), TOWARDS, or NOT_TOWARDS

    @property
    def moved_towards(self) -> bool:
        return self.way in (SAME, TOWARDS)


@dataclass
class ScoredBid:
    name: str
    lot: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Outcome:
    name: str
    decision: str  # a decisions.models.Decision value, or "" when there is none
    label: str
    amount: Decimal | None
    reason: str


@dataclass
class LotOutcome:
    name: str
    bids: list[Outcome]

    @property
    def funded(self) -> int:
        return sum(b.decision == Decision.AWARDED for b in self.bids)


@dataclass
class YouSaid:
    member: object
    released: bool
    lots: list[LotOutcome] = field(default_factory=list)
    scored: list[ScoredBid] = field(default_factory=list)
    message: FeedbackNote | None = None
    answered: bool = False

    @property
    def lines(self) -> list[Line]:
        return [line for bid in self.scored for line in bid.lines if line.agreed is not None]

    @property
    def towards(self) -> int:
        return sum(line.moved_towards for line in self.lines)

    @property
    def within_one(self) -> int:
        return sum(abs(line.agreed - line.mine) <= 1 for line in self.lines)


def bid_name(bid, round_) -> str:
    """What the panel called the bid: its panel name when the round was blind."""
    return f"{bid.alias if round_.blind_review else bid.organisation}: {bid.title}"


def _outcome(bid, show_amount: bool) -> tuple[str, str, Decimal | None, str]:
    award = getattr(bid, "award", None)
    if award is None:
        label = "Not considered" if bid.status != "received" else "No decision recorded"
        if bid.status != "received":
            label += f" ({bid.get_status_display().lower()})"
        return "", label, None, ""
    labels = {
        Decision.AWARDED: "Funded",
        Decision.RESERVE: "On the reserve list",
        Decision.NOT_FUNDED: "Not funded",
    }
    amount = award.amount if show_amount and award.decision == Decision.AWARDED else None
    return (
        award.decision,
        labels.get(award.decision, award.get_decision_display()),
        amount,
        (award.reason),
    )


def _lots(member, round_) -> tuple[list[LotOutcome], list[int]]:
    """Two queries (three the first time shows_price is asked)."""
    lots = list(member.panel.lots().order_by("number"))
    show_amount = shows_price(round_)
    bids = Bid.objects.filter(lot_id__in=[lot.pk for lot in lots]).select_related("award")
    by_lot = {lot.pk: [] for lot in lots}
    for bid in bids.order_by("number"):
        decision, label, amount, reason = _outcome(bid, show_amount)
        by_lot[bid.lot_id].append(Outcome(bid_name(bid, round_), decision, label, amount, reason))
    return [LotOutcome(str(lot), by_lot[lot.pk]) for lot in lots], [lot.pk for lot in lots]


def _scored(member, round_, lot_ids) -> list[ScoredBid]:
    """Four queries: the member's own scores, the bids, the others' scores (for the direction
    only) and the agreed records."""
    submitted = CriterionScore.objects.filter(
        sheet__status=SheetStatus.SUBMITTED, score__isnull=False
    )
    mine = list(
        submitted.filter(sheet__assignment__member=member)
        .order_by("criterion__order", "criterion_id")
        .values_list(
            "sheet__assignment__bid_id",
            "criterion_id",
            "criterion__title",
            "criterion__scale_max",
            "score",
            "reason",
        )
    )
    bid_ids = {row[0] for row in mine}
    bids = {
        b.pk: b for b in Bid.objects.filter(pk__in=bid_ids).select_related("lot").order_by("number")
    }
    others = {}
    for bid, criterion, score in (
        submitted.filter(sheet__assignment__bid_id__in=bid_ids)
        .exclude(sheet__assignment__member=member)
        .values_list("sheet__assignment__bid_id", "criterion_id", "score")
    ):
        others.setdefault((bid, criterion), []).append(score)
    agreed = {
        (b, c): (s, r)
        for b, c, s, r in ConsensusRecord.objects.filter(bid_id__in=bid_ids).values_list(
            "bid_id", "criterion_id", "score", "rationale"
        )
    }
    out = {}
    for bid_pk, criterion, title, scale_max, score, reason in mine:
        bid = bids[bid_pk]
        entry = out.setdefault(bid_pk, ScoredBid(bid_name(bid, round_), str(bid.lot)))
        record_score, rationale = agreed.get((bid_pk, criterion), (None, ""))
        if record_score == score:
            way = SAME
        elif direction(score, record_score, median(others.get((bid_pk, criterion), []))) == TOWARDS:
            way = TOWARDS
        else:
            way = NOT_TOWARDS
        entry.lines.append(Line(title, scale_max, score, reason, record_score, rationale, way))
    order = sorted(out, key=lambda pk: (bids[pk].lot.number, bids[pk].number))
    return [out[pk] for pk in order]


def you_said(member, *, preview: bool = False) -> YouSaid:
    """What `member` sees: eight queries once released (or in an officer's `preview`), none
    before."""
    round_ = member.panel.round
    released = feedback_released(round_)
    if not (released or preview):
        return YouSaid(member=member, released=False)
    lots, lot_ids = _lots(member, round_)
    return YouSaid(
        member=member,
        released=released,
        lots=lots,
        scored=_scored(member, round_, lot_ids),
        message=FeedbackNote.objects.filter(round=round_).first(),
        answered=survey.has_answered(member),
    )


# The officer's message ----------------------------------------------------------------------------


def message_open(round_) -> bool:
    return round_.stage in MESSAGE_STAGES


@transaction.atomic
def save_message(round_, *, by, message) -> FeedbackNote:
    """Writes or changes the officer's message to the panel, while the round is decided."""
    policy.require_officer(by, round_)
    round_ = lock_for_change(round_)
    if not message_open(round_):
        raise ValidationError(NOT_NOW.format(stage=round_.get_stage_display().lower()))
    text = policy.clean_text(message, "message", "Write your message to the panel.", MESSAGE_MAX)
    note = FeedbackNote.objects.select_for_update(of=("self",)).filter(round=round_).first()
    before = note_snapshot(note) if note else None
    if note is None:
        note = FeedbackNote(round=round_)
    note.message, note.written_by = text, by
    note.written_at = timezone.now()
    note.save()
    audit.record(
        "feedback.message_saved" if before is None else "feedback.message_changed",
        obj=note,
        round=round_,
        actor=by,
        before=before,
    )
    return note
