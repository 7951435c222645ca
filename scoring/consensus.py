"""The consensus record: agreed scores, the agenda's ticks and the panel's confirmation.

Every change is an event with its full content (audit.record inside the same transaction). Writes
lock the round first and then only the row they change, in that order, like every other service.
A record carries a version: a save from a page that showed an older version raises
RecordConflict with what is saved now, so the chair sees both and nothing is lost.
Any change to a lot's record resets the confirmations already given for it.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

import audit
from commissioning.final import lock_for_change
from commissioning.models import Round, Stage
from panels.models import Member
from scoring import consensus_policy as policy
from scoring.models import REASON_MAX, AgendaItem, Confirmation, ConsensusRecord, Reached

RATIONALE_MIN = 20  # a rationale cites the bid: a few words are not enough


class RecordConflict(Exception):
    """The record was saved elsewhere since this page loaded."""

    def __init__(self, record: ConsensusRecord):
        super().__init__("This record was saved somewhere else since you opened it.")
        self.record = record


def _lock(round_: Round) -> Round:
    return lock_for_change(round_)


def _in_meeting(round_: Round):
    if round_.stage != Stage.CONSENSUS:
        raise ValidationError("The consensus meeting is not open for this round right now.")


def record_snapshot(record: ConsensusRecord) -> dict:
    return {
        "bid": record.bid_id,
        "criterion": record.criterion_id,
        "score": record.score,
        "rationale": record.rationale,
        "key_points": record.key_points,
        "reached": record.reached,
        "present": sorted(m.pk for m in record.present.all()),
        "recused": sorted(m.pk for m in record.recused.all()),
        "dissents": record.dissents,
        "chaired_by": record.chaired_by_id,
        "version": record.version,
    }


def confirmation_snapshot(c: Confirmation) -> dict:
    return {
        "lot": c.lot_id,
        "member": c.member_id,
        "agrees": c.agrees,
        "dissent": c.dissent,
        "on_behalf": c.on_behalf_by_id is not None,
        "reset": c.reset_at is not None,
    }


@dataclass
class Entry:
    """What the chair typed for one item."""

    score: int | None
    rationale: str = ""
    key_points: str = ""
    reached: str = ""
    present: list[int] = field(default_factory=list)  # member pks
    dissent_member: int | None = None
    dissent_text: str = ""


def _clean(entry: Entry, criterion, members: dict[int, Member], recused_pks: set[int]) -> dict:
    """Checks an entry; errors keyed by the form's field names."""
    errors = {}
    if entry.score is None:
        errors["score"] = "Choose the score the panel agreed."
    elif not 0 <= entry.score <= criterion.scale_max:
        errors["score"] = f"Choose a score from 0 to {criterion.scale_max}."
    rationale = (entry.rationale or "").replace("\r\n", "\n").strip()
    if not rationale:
        errors["rationale"] = "Say why the panel agreed this score, citing what the bid says."
    elif len(rationale) < RATIONALE_MIN:
        errors["rationale"] = (
            "Say a little more: which parts of the bid led the panel to this score?"
        )
    elif len(rationale) > REASON_MAX:
        errors["rationale"] = f"Keep the rationale under {REASON_MAX:,} characters."
    key_points = (entry.key_points or "").replace("\r\n", "\n").strip()
    if len(key_points) > REASON_MAX:
        errors["key_points"] = f"Keep the key points under {REASON_MAX:,} characters."
    if entry.reached not in Reached.values:
        errors["reached"] = "Say how the panel reached this score."
    present = set(entry.present or [])
    if present & recused_pks:
        errors["present"] = "A member kept away from this bid cannot be recorded as present."
    elif not present <= set(members):
        errors["present"] = "Choose members of this panel."
    elif not present:
        errors["present"] = "Tick who was there for this discussion."
    dissent_text = (entry.dissent_text or "").strip()
    if entry.dissent_member is not None or dissent_text:
        if entry.dissent_member not in present:
            errors["dissent_member"] = "Choose which member, present for this item, disagrees."
        elif not dissent_text:
            errors["dissent_text"] = "Write down what they disagree with."
        elif len(dissent_text) > REASON_MAX:
            errors["dissent_text"] = f"Keep it under {REASON_MAX:,} characters."
    if errors:
        raise ValidationError(errors)
    return {
        "score": entry.score,
        "rationale": rationale,
        "key_points": key_points,
        "reached": entry.reached,
        "present": sorted(present),
        "dissent": (entry.dissent_member, dissent_text) if dissent_text else None,
    }


def reset_confirmations(lot, round_: Round, *, by, why: str):
    """A changed record is no longer the one confirmed: each live confirmation is set aside."""
    live = list(Confirmation.objects.filter(lot=lot, reset_at=None))
    now = timezone.now()
    for confirmation in live:
        before = confirmation_snapshot(confirmation)
        confirmation.reset_at = now
        confirmation.save(update_fields=["reset_at"])
        audit.record(
            "consensus.confirmation_reset",
            obj=confirmation,
            round=round_,
            actor=by,
            before=before,
            reason=why,
        )


@transaction.atomic
def save_record(bid, criterion, *, by, entry: Entry, version: int) -> ConsensusRecord:
    """Records (or changes) the panel's agreed score for one item. `version` is the record's
    version the page showed (0 for none yet)."""
    round_ = _lock(bid.lot.round)
    _in_meeting(round_)
    problem = policy.why_not_chairing(by, bid)
    if problem:
        raise PermissionDenied(problem)
    if not policy.is_panel_item(bid, criterion):
        raise ValidationError("The panel does not score this question for this bid.")
    chair = policy.chairing_member(by, bid)
    members = {m.pk: m for m in policy.lot_members(bid.lot)}
    clear = policy.clear_pairs(bid.lot)
    recused = policy.recused(members.values(), bid, clear)
    recused_pks = {m.pk for m in recused}
    data = _clean(entry, criterion, members, recused_pks)

    record = (
        ConsensusRecord.objects.select_for_update(of=("self",))
        .filter(bid=bid, criterion=criterion)
        .first()
    )
    current = record.version if record else 0
    if version != current:
        raise RecordConflict(record)
    before = record_snapshot(record) if record else None
    if record is None:
        record = ConsensusRecord(bid=bid, criterion=criterion, version=0)
    dissents = list(record.dissents or [])
    if data["dissent"]:
        member_pk, text = data["dissent"]
        dissents.append({"member": member_pk, "text": text})
    # A dissent stays only while its member is recorded as present.
    dissents = [d for d in dissents if d["member"] in data["present"]]
    record.score = data["score"]
    record.rationale = data["rationale"]
    record.key_points = data["key_points"]
    record.reached = data["reached"]
    record.dissents = dissents
    record.chaired_by = chair
    record.recorded_by = by
    record.version += 1
    record.updated_at = timezone.now()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # created by another device a moment ago
        raise RecordConflict(ConsensusRecord.objects.get(bid=bid, criterion=criterion)) from None
    record.present.set(data["present"])
    record.recused.set(sorted(recused_pks))
    action = "consensus.recorded" if before is None else "consensus.changed"
    audit.record(action, obj=record, round=round_, actor=by, before=before)
    if before is not None and before != record_snapshot(record):
        reset_confirmations(
            bid.lot, round_, by=by, why=f"The agreed score for {bid.reference} changed."
        )
    elif before is None:
        reset_confirmations(
            bid.lot, round_, by=by, why=f"A score for {bid.reference} was added to the record."
        )
    return record


@transaction.atomic
def tick(bid, criterion, *, by, discussed: bool) -> AgendaItem:
    """The chair marks an agenda item as discussed (or not yet)."""
    round_ = _lock(bid.lot.round)
    _in_meeting(round_)
    problem = policy.why_not_chairing(by, bid)
    if problem:
        raise PermissionDenied(problem)
    if not policy.is_panel_item(bid, criterion):
        raise ValidationError("This is not an item on the panel's agenda.")
    item, created = AgendaItem.objects.get_or_create(
        bid=bid, criterion=criterion, defaults={"discussed": discussed, "updated_by": by}
    )
    if not created:
        item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
        if item.discussed == discussed:
            return item
        item.discussed = discussed
        item.updated_by = by
        item.updated_at = timezone.now()
        item.save(update_fields=["discussed", "updated_by", "updated_at"])
    audit.record(
        "consensus.discussed" if discussed else "consensus.not_discussed",
        obj=item,
        round=round_,
        actor=by,
    )
    return item


# The lot's record as a whole -------------------------------------------------------------------


@dataclass
class LotRecord:
    """How far a lot's consensus record has got."""

    lot: object
    items: list
    recorded: set  # (bid pk, criterion pk) of the items with an agreed score
    present: list  # members present for at least one item, who confirm the record
    confirmations: dict  # member pk -> live Confirmation
    _records: dict | None = field(default=None, repr=False)

    @property
    def records(self) -> dict:
        """(bid pk, criterion pk) -> ConsensusRecord, read on first use: pages that only count
        the agreed scores (the overview, the stage guard) never build a thousand records."""
        if self._records is None:
            self._records = {
                (r.bid_id, r.criterion_id): r
                for r in ConsensusRecord.objects.filter(bid__lot=self.lot)
            }
        return self._records

    @cached_property
    def missing(self) -> list:
        return [item for item in self.items if item.key not in self.recorded]

    @property
    def complete(self) -> bool:
        return bool(self.items) and not self.missing

    @property
    def waiting_for(self) -> list:
        return [m for m in self.present if m.pk not in self.confirmations]

    @property
    def dissents(self) -> list:
        return [c for c in self.confirmations.values() if not c.agrees]

    @property
    def confirmed(self) -> bool:
        return self.complete and bool(self.present) and not self.waiting_for


def lot_record(lot, bids=None) -> LotRecord:
    """Five queries, whatever the number of bids, criteria and members (a sixth when `records`
    is used). Who was present is asked of the through table member by member (EXISTS, which
    stops at the first record): a lot of 1,000 items with 16 members present at each would
    otherwise build 16,000 member objects, or read 16,000 rows, to find 16.
    `bids`: the lot's compliant bids in number order, when the caller has them already."""
    recorded = set(
        ConsensusRecord.objects.filter(bid__lot=lot).values_list("bid_id", "criterion_id")
    )
    present_here = ConsensusRecord.present.through.objects.filter(
        member_id=OuterRef("pk"), consensusrecord__bid__lot=lot
    )
    members = list(policy.lot_members(lot).filter(Exists(present_here)))
    confirmations = {c.member_id: c for c in Confirmation.objects.filter(lot=lot, reset_at=None)}
    return LotRecord(
        lot=lot,
        items=policy.items(lot, bids),
        recorded=recorded,
        present=members,
        confirmations=confirmations,
    )


@transaction.atomic
def confirm(lot, member: Member, *, by, agrees: bool, dissent: str = "") -> Confirmation:
    """A present member says the lot's record reflects the discussion, or records a dissent; on
    their own device, or the chair records it for them (noted as such)."""
    round_ = _lock(lot.round)
    _in_meeting(round_)
    on_behalf = by.pk != member.user_id
    if on_behalf and policy.lot_chair(by, lot) is None:
        raise PermissionDenied("Only the member, or the chair for them, can confirm the record.")
    state = lot_record(lot)
    if not state.complete:
        raise ValidationError(
            f"The record is not finished: {len(state.missing)} item(s) still need an agreed score."
        )
    if member.pk not in {m.pk for m in state.present}:
        raise ValidationError(
            "Only members recorded as present for this lot's discussion confirm its record."
        )
    dissent = (dissent or "").replace("\r\n", "\n").strip()
    if not agrees and not dissent:
        raise ValidationError({"dissent": "Say what you disagree with in the record."})
    if len(dissent) > REASON_MAX:
        raise ValidationError({"dissent": f"Keep it under {REASON_MAX:,} characters."})
    previous = state.confirmations.get(member.pk)
    if previous is not None:
        previous = Confirmation.objects.select_for_update(of=("self",)).get(pk=previous.pk)
        if previous.agrees == agrees and previous.dissent == dissent:
            return previous  # the same answer twice (a double click)
        before = confirmation_snapshot(previous)
        previous.reset_at = timezone.now()
        previous.save(update_fields=["reset_at"])
        audit.record(
            "consensus.confirmation_reset",
            obj=previous,
            round=round_,
            actor=by,
            before=before,
            reason="Replaced by the member's new answer.",
        )
    confirmation = Confirmation.objects.create(
        lot=lot,
        member=member,
        agrees=agrees,
        dissent="" if agrees else dissent,
        on_behalf_by=by if on_behalf else None,
    )
    audit.record(
        "consensus.confirmed" if agrees else "consensus.dissented",
        obj=confirmation,
        round=round_,
        actor=by,
        reason="Recorded by the chair for the member." if on_behalf else "",
    )
    return confirmation
