"""Every change to bids, each recording its event in the decision trail.

Bids can be entered and edited while the round is being set up; once scoring has started they are
frozen, and the only change left is a withdrawal (with a reason).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

import audit
from audit.snapshots import snapshot_of
from bids.import_cells import bid_key
from bids.models import Bid, BidAnswer, BidStatus
from commissioning import access
from commissioning.final import lock_for_change
from commissioning.models import Criterion, CriterionKind, Lot, Round, Stage

BID_FIELDS = (
    "organisation",
    "title",
    "summary",
    "amount_requested",
    "contact_name",
    "contact_email",
)
OPEN_STAGES = (Stage.DRAFT, Stage.INDUCTION)


def _lock(round_: Round) -> Round:
    return lock_for_change(round_)


def _require(user, round_: Round):
    if access.MANAGE not in access.round_perms(user, round_):
        raise PermissionDenied("You cannot change this round's bids.")


def bids_open(round_: Round) -> bool:
    return round_.stage in OPEN_STAGES and round_.scoring_started_at is None


def _check_open(round_: Round):
    if not bids_open(round_):
        raise ValidationError("Bids are frozen because scoring has started.")


def alias_for(index: int) -> str:
    """0 -> "Bid A", 25 -> "Bid Z", 26 -> "Bid AA": the names panellists see in a blind round."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Bid {letters}"


def answerable_criteria(lot: Lot):
    """The questions a bidder answers: the lot's rubric, less what officers score (price)."""
    if lot.rubric_id is None:
        return Criterion.objects.none()
    return lot.rubric.criteria.exclude(kind=CriterionKind.OFFICER)


def _save_answers(bid: Bid, answers: dict[int, str]):
    allowed = set(answerable_criteria(bid.lot).values_list("pk", flat=True))
    unknown = set(answers) - allowed
    if unknown:
        raise ValidationError("Answers were given to questions this lot does not ask.")
    for criterion_id, text in answers.items():
        BidAnswer.objects.update_or_create(
            bid=bid, criterion_id=criterion_id, defaults={"text": (text or "").strip()}
        )


@transaction.atomic
def add_bid(lot: Lot, *, by, answers=None, action="bid.received", **fields) -> Bid:
    round_ = lot.round
    _require(by, round_)
    round_ = _lock(round_)
    _check_open(round_)
    lot = Lot.objects.get(pk=lot.pk, round=round_)
    numbering = _Numbering(round_)
    return _create_bid(round_, lot, numbering, by=by, answers=answers, action=action, **fields)


class _Numbering:
    """Hands out bid numbers per lot and aliases per round, read once under the round's lock, so
    an import of a thousand rows does not ask the database again for every row."""

    def __init__(self, round_: Round):
        bids = Bid.objects.for_round(round_)
        self.count = bids.count()
        self.last = dict(bids.values("lot_id").annotate(n=Max("number")).values_list("lot_id", "n"))
        self.allowed = {}

    def next(self, lot: Lot) -> tuple[int, str]:
        number = self.last.get(lot.pk, 0) + 1
        self.last[lot.pk] = number
        alias = alias_for(self.count)
        self.count += 1
        return number, alias

    def questions(self, lot: Lot) -> set[int]:
        if lot.pk not in self.allowed:
            self.allowed[lot.pk] = set(answerable_criteria(lot).values_list("pk", flat=True))
        return self.allowed[lot.pk]


def _create_bid(round_, lot, numbering, *, by, answers, action, **fields) -> Bid:
    """Creates one bid with its answers and records it; the caller holds the round's lock."""
    answers = answers or {}
    if set(answers) - numbering.questions(lot):
        raise ValidationError("Answers were given to questions this lot does not ask.")
    number, alias = numbering.next(lot)
    prefix = round_.reference_prefix or f"R{round_.pk}"
    bid = Bid.objects.create(
        lot=lot,
        number=number,
        reference=f"{prefix}-L{lot.number}-{number:03d}",
        alias=alias,
        **{k: fields[k] for k in BID_FIELDS if k in fields},
    )
    BidAnswer.objects.bulk_create(
        BidAnswer(bid=bid, criterion_id=pk, text=(text or "").strip())
        for pk, text in answers.items()
    )
    audit.record(action, obj=bid, round=round_, actor=by)
    return bid


@transaction.atomic
def update_bid(bid: Bid, *, by, answers=None, **changes) -> Bid:
    round_ = bid.lot.round
    _require(by, round_)
    round_ = _lock(round_)
    _check_open(round_)
    bid = Bid.objects.get(pk=bid.pk)
    before = snapshot_of(bid)
    for key in BID_FIELDS:
        if key in changes:
            setattr(bid, key, changes[key])
    bid.save()
    if answers is not None:
        _save_answers(bid, answers)
    if snapshot_of(bid) != before:
        audit.record("bid.updated", obj=bid, round=round_, actor=by, before=before)
    return bid


@transaction.atomic
def set_status(bid: Bid, *, by, status: str, reason: str = "") -> Bid:
    """Marks a bid non-compliant or withdrawn (each with a reason), or received again."""
    round_ = bid.lot.round
    _require(by, round_)
    round_ = _lock(round_)
    reason = (reason or "").strip()
    if status not in BidStatus.values:
        raise ValidationError({"status": "Choose a status."})
    if status != BidStatus.RECEIVED and not reason:
        raise ValidationError({"reason": "Say why: the reason is kept with the decision."})
    if status != BidStatus.WITHDRAWN:
        _check_open(round_)  # after scoring starts, only a withdrawal is still possible
    elif round_.stage == Stage.PUBLISHED:
        raise ValidationError("The round is published: nothing can change any more.")
    bid = Bid.objects.get(pk=bid.pk)
    if bid.status == status:
        raise ValidationError({"status": f"The bid is already {bid.get_status_display().lower()}."})
    before = snapshot_of(bid)
    bid.status, bid.status_reason = status, reason if status != BidStatus.RECEIVED else ""
    bid.save(update_fields=["status", "status_reason"])
    audit.record(f"bid.{status}", obj=bid, round=round_, actor=by, before=before, reason=reason)
    return bid


@transaction.atomic
def add_document(bid: Bid, upload, *, by):
    """Checks the file by its content, stores it outside the web root and records it."""
    from bids import documents
    from bids.models import Document

    round_ = bid.lot.round
    _require(by, round_)
    round_ = _lock(round_)
    _check_open(round_)
    try:
        kind, name = documents.check(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    stored, digest = documents.store(upload)
    try:
        document = Document.objects.create(
            bid=bid,
            kind=kind,
            original_name=name,
            stored_name=stored,
            size=upload.size,
            sha256=digest,
            uploaded_by=by,
        )
        audit.record(
            "bid.document_added",
            obj=document,
            round=round_,
            actor=by,  # after: the document's snapshot (bids/snapshots.py), replayed
        )
    except Exception:
        documents.discard(stored)
        raise
    return document


CLARIFY_UNTIL = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS)


@transaction.atomic
def add_reading_help(bid: Bid, *, by, kind: str, text: str = "", video_url: str = ""):
    from bids.models import HelpKind, ReadingHelp

    round_ = bid.lot.round
    _require(by, round_)
    round_ = _lock(round_)
    _check_open(round_)  # every panellist must see the same help
    text, video_url = (text or "").strip(), (video_url or "").strip()
    if kind == HelpKind.VIDEO and not video_url:
        raise ValidationError({"video_url": "Give the link to the video."})
    if kind != HelpKind.VIDEO and not text:
        raise ValidationError({"text": "Write the summary or easy-read text."})
    if video_url and not video_url.startswith("https://"):
        raise ValidationError({"video_url": "Give a secure link that starts with https://"})
    help_ = ReadingHelp.objects.create(
        bid=bid, kind=kind, text=text, video_url=video_url, added_by=by
    )
    audit.record(
        "bid.reading_help_added",
        obj=help_,
        round=round_,
        actor=by,
    )
    return help_


def _check_clarifiable(round_: Round):
    if round_.stage not in CLARIFY_UNTIL:
        raise ValidationError("Clarifications are closed: the panel has made its decision.")


@transaction.atomic
def ask_clarification(bid: Bid, *, by, question: str):
    from bids.models import Clarification

    round_ = bid.lot.round
    _require(by, round_)
    round_ = _lock(round_)
    _check_clarifiable(round_)
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Write the question to the bidder."})
    clarification = Clarification.objects.create(bid=bid, question=question, asked_by=by)
    audit.record(
        "bid.clarification_asked",
        obj=clarification,
        round=round_,
        actor=by,
    )
    return clarification


@transaction.atomic
def record_clarification_answer(clarification, *, by, answer: str):
    from django.utils import timezone

    round_ = clarification.bid.lot.round
    _require(by, round_)
    round_ = _lock(round_)
    _check_clarifiable(round_)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Write the bidder's answer."})
    before = {"answer": clarification.answer}
    clarification.answer, clarification.answered_at = answer, timezone.now()
    clarification.save(update_fields=["answer", "answered_at"])
    audit.record(
        "bid.clarification_answered",
        obj=clarification,
        round=round_,
        actor=by,
        before=before,
    )
    return clarification


@transaction.atomic
def import_bids(round_: Round, by, rows):
    """Adds the bids read from a spreadsheet (bids.importer.Row), all or none, each recorded as
    "bid.imported". Rows matching a bid already in the round (same lot, organisation and title)
    are skipped, checked again here under the round's lock. Returns (created bids, skipped rows).
    """
    _require(by, round_)
    round_ = _lock(round_)
    _check_open(round_)
    taken = {
        bid_key(lot_id, organisation, title)
        for lot_id, organisation, title in Bid.objects.for_round(round_).values_list(
            "lot_id", "organisation", "title"
        )
    }
    numbering = _Numbering(round_)
    created, skipped = [], []
    for row in rows:
        key = bid_key(row.lot.pk, row.fields["organisation"], row.fields["title"])
        if row.existing is not None or key in taken:
            skipped.append(row)
            continue
        if row.lot.round_id != round_.pk:
            raise ValidationError("A row names a lot from another round.")
        created.append(
            _create_bid(
                round_,
                row.lot,
                numbering,
                by=by,
                answers=row.answers,
                action="bid.imported",
                **row.fields,
            )
        )
        taken.add(key)
    return created, skipped
