"""Assessment summaries for bidders in a procurement round (Procurement Act 2023 s.50, Procurement
Regulations 2024 reg. 31): for each bid, the published criteria and weights, the bid's score and
the reason per criterion, its total and, for a bid not awarded, the winning bid(s) of its lot with
their scores and reasons, and why this one was not awarded.

Where the reasons come from:
- a criterion the panel scores: the panel's agreed record (scoring ConsensusRecord.rationale);
- an officer's criterion or pass/fail check: the officer's reason (OfficerScore, OfficerCheck);
- price: the formula, in words, with its numbers;
- "why not awarded": the award's reason if one was recorded, otherwise the bid's eligibility, rank
  and the lot's budget.

What is never shown (summaries go to bidders, DESIGN.md section 1 and the NAMED consent): panellists'
own scores or names, and other bidders' names. The bidder's own organisation is named, and so is a
winning bid (an award is public). Free text is passed through `Redactor`, which replaces any other
bidder's organisation name with "another bidder" and any panellist's name with "a panellist"
(unless that panellist consented to being named in records given to others).

Summaries are refused while any reason is missing: `build(round_).problems` lists each bid and
criterion without one, with the page where it is recorded. `build` runs a fixed number of queries
(round_results' nine and five more), whatever the number of bids.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

import audit
from bids.models import Bid
from commissioning import access
from commissioning.models import Round, Stage
from decisions import totals
from decisions.models import Decision, OfficerScore
from decisions.results import round_results
from decisions.summaries_text import Redactor, number, ordinal, pounds
from panels.models import Consent, ConsentKind, Member
from scoring.models import ConsensusRecord

STAGES = (Stage.DECIDED, Stage.PUBLISHED)
DOWNLOADED = "assessment_summaries.downloaded"


@dataclass
class Row:
    """One criterion of one bid, as the bidder reads it."""

    title: str
    how: str  # how the criterion is assessed, in words
    weight: Decimal | None  # None for a pass/fail check (it carries no points)
    score: str  # "4 out of 5", "Pass", "£50,000.00", or "" when not scored
    points: Decimal | None
    rationale: str
    missing: bool = False


@dataclass
class Compared:
    """A winning bid of the same lot, as shown to an unsuccessful bidder."""

    reference: str
    organisation: str
    amount: Decimal | None
    rank: int | None
    total: Decimal
    rows: list[Row]


@dataclass
class BidSummary:
    pk: int
    reference: str
    organisation: str
    title: str
    lot: object
    price: Decimal
    rows: list[Row]
    total: Decimal
    rank: int | None
    ranked: int  # eligible bids ranked in the lot
    tie_note: str  # how a tie on the total was broken, if there was one
    status: str  # the bid's status in words
    not_assessed: str  # why the bid was not scored at all (non-compliant or withdrawn)
    outcome: str  # Awarded, Reserve, Not awarded
    awarded: bool
    amount: Decimal | None
    why_not: str
    winners: list[Compared] = field(default_factory=list)


@dataclass
class Problem:
    reference: str
    criterion: str
    text: str
    url: str
    link_text: str


@dataclass
class Report:
    round: Round
    lots: list[dict]  # {"lot": lot, "summaries": [BidSummary]}
    problems: list[Problem]

    @property
    def summaries(self) -> list[BidSummary]:
        return [s for entry in self.lots for s in entry["summaries"]]

    def get(self, bid_pk: int) -> BidSummary | None:
        return next((s for s in self.summaries if s.pk == bid_pk), None)


HOW = {
    totals.SCORED: "Scored by the panel; the reason is the panel's agreed record",
    totals.PASS_FAIL: "Pass or fail, checked by an officer",
    totals.OFFICER: "Scored by an officer",
}
PRICE_HOW = "Price, scored by formula"
NOT_SCORED = "Not scored: the bid was already not eligible."


def _price_words(line) -> str:
    c = line.criterion
    if line.note:
        return f"No points: {line.note}."
    return (
        f"The lowest eligible price ({pounds(line.lowest_price)}) divided by this bid's price "
        f"({pounds(line.price)}), times the weight ({number(c.weight)}), gives "
        f"{totals.shown(line.points)} points."
    )


def _row(line, received: bool, reasons: dict, redact) -> Row:
    c = line.criterion
    weight = None if c.kind == totals.PASS_FAIL else c.weight
    if c.is_price:
        return Row(c.title, PRICE_HOW, weight, pounds(line.price), line.points, _price_words(line))
    how = HOW.get(c.kind, c.kind)
    if c.kind == totals.PASS_FAIL:
        value = line.check
        score = "" if value is None else ("Pass" if value.passed else "Fail")
        reason = value.reason if value is not None else ""
        points = None
    else:
        value = line.score
        score = "" if value is None else f"{number(value)} out of {c.scale_max}"
        reason = reasons.get(c.pk, "")
        points = line.points if value is not None else None
    if not received:
        return Row(c.title, how, weight, "", None, "")
    if value is None:
        return Row(c.title, how, weight, "", None, NOT_SCORED)
    reason = (reason or "").strip()
    return Row(c.title, how, weight, score, points, redact(reason), missing=not reason)


def _why_not(r, lot_result, redact) -> str:
    award = r.award
    if award is not None and award.decision == Decision.AWARDED:
        return ""
    if award is not None and award.reason.strip():
        return redact(award.reason.strip())
    if not r.eligible:
        return redact("Not eligible: " + "; ".join(r.reasons) + ".")
    ranked = sum(1 for x in lot_result.bids if x.rank is not None)
    where = f"Ranked {ordinal(r.rank)} of {ranked} eligible bids"
    if award is not None and award.decision == Decision.RESERVE:
        return f"{where}; named as a reserve, to be offered the funding if a winning bid cannot go ahead."
    above = sum(
        (
            x.award.amount
            for x in lot_result.bids
            if x.rank is not None
            and x.rank < r.rank
            and x.award is not None
            and x.award.decision == Decision.AWARDED
        ),
        Decimal("0"),
    )
    left = lot_result.budget - above
    if r.bid.price > left:
        return (
            f"{where}; the lot's budget of {pounds(lot_result.budget)} was used by the bids "
            f"ranked above it: {pounds(left)} was left and this bid asked for "
            f"{pounds(r.bid.price)}."
        )
    return f"{where}; it was not funded."


def _outcome(r) -> tuple[str, bool]:
    if r.award is None:
        return "No decision", False
    if r.award.decision == Decision.AWARDED:
        return "Awarded", True
    if r.award.decision == Decision.RESERVE:
        return "Reserve (not awarded)", False
    return "Not awarded", False


@dataclass
class _Facts:
    bids: dict  # pk -> {"organisation", "title", "status_reason"}
    agreed: dict  # (bid, criterion) -> rationale
    officer: dict  # (bid, criterion) -> reason
    panellists: dict  # display name -> "a panellist" (those not consenting to be named)


def _facts(round_) -> _Facts:
    bids = {
        row["pk"]: row
        for row in Bid.objects.filter(lot__round=round_).values(
            "pk", "organisation", "title", "status_reason"
        )
    }
    agreed = {
        (b, c): text
        for b, c, text in ConsensusRecord.objects.filter(bid__lot__round=round_)
        .order_by()
        .values_list("bid_id", "criterion_id", "rationale")
    }
    officer = {
        (b, c): text
        for b, c, text in OfficerScore.objects.filter(bid__lot__round=round_).values_list(
            "bid_id", "criterion_id", "reason"
        )
    }
    named = set(
        Consent.objects.filter(
            member__panel__round=round_, kind=ConsentKind.NAMED, withdrawn_at=None
        ).values_list("member_id", flat=True)
    )
    panellists = {
        name: "a panellist"
        for pk, name in Member.objects.for_round(round_).values_list("pk", "user__display_name")
        if pk not in named and name
    }
    return _Facts(bids, agreed, officer, panellists)


def _rows(r, facts, redact) -> list[Row]:
    received = r.bid.status == totals.RECEIVED
    reasons = {}
    for line in r.lines:
        key = (r.bid.pk, line.criterion.pk)
        if line.criterion.kind == totals.SCORED:
            reasons[line.criterion.pk] = facts.agreed.get(key, "")
        elif line.criterion.kind == totals.OFFICER:
            reasons[line.criterion.pk] = facts.officer.get(key, "")
    return [_row(line, received, reasons, redact) for line in r.lines]


def _redactor(facts, orgs_in_round, shown) -> Redactor:
    hidden = {o: "another bidder" for o in orgs_in_round if o and o not in shown}
    return Redactor({**facts.panellists, **hidden})


def _summary(r, lot_result, facts, orgs) -> BidSummary:
    info = facts.bids.get(r.bid.pk, {})
    winners = [
        w
        for w in lot_result.bids
        if w.award is not None and w.award.decision == Decision.AWARDED and w.bid.pk != r.bid.pk
    ]
    outcome, awarded = _outcome(r)
    if awarded:
        winners = []
    own = info.get("organisation", "")
    shown = {own} | {facts.bids.get(w.bid.pk, {}).get("organisation", "") for w in winners}
    redact = _redactor(facts, orgs, shown)
    received = r.bid.status == totals.RECEIVED
    not_assessed = ""
    if not received:
        not_assessed = f"This bid was not scored: it is {r.bid.status_display.lower()}."
        if info.get("status_reason"):
            not_assessed += " " + redact(info["status_reason"].strip())
    return BidSummary(
        pk=r.bid.pk,
        reference=r.bid.reference,
        organisation=own,
        title=info.get("title", ""),
        lot=lot_result.lot,
        price=r.bid.price,
        rows=_rows(r, facts, redact),
        total=r.total_shown,
        rank=r.rank,
        ranked=sum(1 for x in lot_result.bids if x.rank is not None),
        tie_note=redact(r.tie_note) if r.tie else "",
        status=r.bid.status_display,
        not_assessed=not_assessed,
        outcome=outcome,
        awarded=awarded,
        amount=r.award.amount if awarded else None,
        why_not=_why_not(r, lot_result, redact),
        winners=[
            Compared(
                reference=w.bid.reference,
                organisation=facts.bids.get(w.bid.pk, {}).get("organisation", ""),
                amount=w.award.amount,
                rank=w.rank,
                total=w.total_shown,
                rows=_rows(w, facts, redact),
            )
            for w in winners
        ],
    )


def _problems(round_, lot_results, facts) -> list[Problem]:
    out = []
    for lot_result in lot_results:
        for r in lot_result.bids:
            for line, row in zip(r.lines, _rows(r, facts, str), strict=True):
                if not row.missing:
                    continue
                c = line.criterion
                if c.kind == totals.SCORED:
                    url = reverse("scoring:consensus_overview", args=[round_.pk])
                    url += f"#lot-{lot_result.lot.number}"
                    link = "See the panel's record (the chair records it)"
                    text = "has no reason in the panel's agreed record"
                else:
                    url = reverse("decisions:checks", args=[round_.pk, r.bid.pk])
                    link = f"Give the officer's reason for {r.bid.reference}"
                    text = "has no officer's reason"
                out.append(Problem(r.bid.reference, c.title, f"“{c.title}” {text}.", url, link))
    return out


def build(round_: Round) -> Report:
    """Every bid's summary, lot by lot, and the reasons still missing (fourteen queries)."""
    lot_results = round_results(round_)
    facts = _facts(round_)
    orgs = {row["organisation"] for row in facts.bids.values()}
    lots = [
        {"lot": lr.lot, "summaries": [_summary(r, lr, facts, orgs) for r in _in_order(lr)]}
        for lr in lot_results
    ]
    return Report(round=round_, lots=lots, problems=_problems(round_, lot_results, facts))


def _in_order(lot_result):
    """Bids by their number in the lot (the order bidders know), not by rank."""
    return sorted(lot_result.bids, key=lambda r: r.bid.number)


def refusal(report: Report) -> str:
    n = len(report.problems)
    return (
        f"The summaries cannot be given out yet: {n} reason{'s are' if n != 1 else ' is'} "
        "missing. Each summary must say why a bid got each score."
    )


@transaction.atomic
def record_download(round_: Round, *, by, report: Report) -> None:
    """Records in the trail that an officer or auditor downloaded every summary (allowed after publication:
    giving out the summaries is what happens next, so this does not use lock_for_change)."""
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    if not access.round_perms(by, round_) & access.READ:
        raise PermissionDenied("Only the round's officers and auditors can download the summaries.")
    if round_.stage not in STAGES:
        raise ValidationError("Assessment summaries are given out once the awards are decided.")
    if report.problems:
        raise ValidationError(refusal(report))
    audit.record(
        DOWNLOADED,
        round=round_,
        actor=by,
        object_type="decisions.assessment_summaries",
        object_id=str(round_.pk),
        after={"bids": [s.reference for s in report.summaries], "format": "html"},
    )
