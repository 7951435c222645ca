"""Awards, tie decisions and the panel's advice: the services that write them.

Every write locks the round's row first, then only the row it changes (so two officers awarding
in the same lot at once are served one after the other, and the second sees the first's award),
checks against the lot's results computed inside that lock, and records an event with the full
content in the same transaction.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from audit.snapshots import snapshot_of
from decisions import policy, tiebreak
from decisions.models import Award, Decision, LotAdvice, TieDecision
from decisions.results import lot_results

MONEY_MAX = Decimal("999999999999.99")


def award_snapshot(a: Award) -> dict:
    return {
        "bid": a.bid_id,
        "decision": a.decision,
        "amount": a.amount,
        "reason": a.reason,
        "passes_over": a.passes_over,
    }


def tie_snapshot(t: TieDecision) -> dict:
    return {"lot": t.lot_id, "group": t.group, "order": t.order, "reason": t.reason}


def advice_snapshot(a: LotAdvice) -> dict:
    return {"lot": a.lot_id, "text": a.text}


def _money(amount, bid) -> Decimal:
    """The amount as pounds and pence, or a ValidationError keyed "amount". Parsing a form's
    text is the form's job: this takes a Decimal only."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({"amount": "Give the amount awarded in pounds and pence."})
    if amount <= 0:
        raise ValidationError(
            {"amount": "An award must be more than £0. To fund nothing, choose “not funded”."}
        )
    if amount.as_tuple().exponent < -2:
        raise ValidationError({"amount": "Give the amount in pounds and pence (2 decimal places)."})
    if amount > MONEY_MAX:
        raise ValidationError({"amount": "That amount is too large."})
    if amount > bid.amount_requested:
        raise ValidationError(
            {
                "amount": f"An award cannot be more than {bid.reference} asked for "
                f"(£{bid.amount_requested:,.2f})."
            }
        )
    return amount.quantize(Decimal("0.01"))  # as stored, so the trail equals the row


def _lot_for(bid, round_):
    lot = bid.lot
    lot.round = round_
    return lot


@transaction.atomic
def record_decision(bid, *, by, decision, amount=None, reason="") -> Award:
    """Records (or changes) the officer's decision on `bid`: awarded (with `amount`, a Decimal),
    reserve or not funded. `reason` is required when the award passes over a higher-ranked
    eligible bid, and may be given in any case; it is shown wherever the award is.

    Refused with ValidationError keyed "decision" (unknown; an ineligible or pending bid; a
    decision that would leave a lower-ranked award passing over this bid without a reason),
    "amount" (not a positive Decimal in pounds and pence, more than asked for, over the lot's
    budget, or given without an award) or "reason" (missing when passing over, too long);
    PermissionDenied for anyone but an officer of the round.
    """
    round_ = policy.lock(bid.lot.round)
    policy.require_officer(by, round_)
    policy.require_open(round_)
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose awarded, reserve or not funded."})
    if decision == Decision.AWARDED:
        amount = _money(amount, bid)
    elif amount is not None:
        raise ValidationError({"amount": "Only an award has an amount: leave it empty."})
    reason = (reason or "").replace("\r\n", "\n").strip() if isinstance(reason, str) else reason
    if not isinstance(reason, str) or len(reason) > 4000:
        raise ValidationError({"reason": "Give the reason in under 4,000 characters."})

    lot = lot_results(_lot_for(bid, round_))
    mine = lot.for_bid(bid.pk)
    if mine.pending:
        raise ValidationError(
            {"decision": f"{bid.reference} cannot be decided yet: {mine.why_not}."}
        )
    if decision != Decision.NOT_FUNDED and not mine.eligible:
        raise ValidationError(
            {
                "decision": f"{bid.reference} is not eligible, so it cannot be "
                f"{'awarded' if decision == Decision.AWARDED else 'a reserve'}: {mine.why_not}."
            }
        )
    passes_over = []
    if decision == Decision.AWARDED:
        others = sum(
            (
                r.award.amount
                for r in lot.bids
                if r.award and r.award.decision == Decision.AWARDED and r.bid.pk != bid.pk
            ),
            Decimal("0"),
        )
        if others + amount > lot.budget:
            raise ValidationError(
                {
                    "amount": f"This would take the awards in {lot.lot} to £{others + amount:,.2f}, "
                    f"over its budget of £{lot.budget:,.2f}. £{lot.budget - others:,.2f} is left."
                }
            )
        passes_over = [
            r.bid.reference
            for r in lot.bids
            if r.rank is not None
            and mine.rank is not None
            and r.rank < mine.rank
            and (r.award is None or r.award.decision != Decision.AWARDED)
        ]
        if passes_over and not reason:
            raise ValidationError(
                {
                    "reason": f"Say why {bid.reference} is funded ahead of "
                    f"{', '.join(passes_over)}, ranked higher: the reason is shown with the award."
                }
            )
    elif mine.rank is not None:
        unexplained = [
            r.bid.reference
            for r in lot.bids
            if r.rank is not None
            and r.rank > mine.rank
            and r.award
            and r.award.decision == Decision.AWARDED
            and not r.award.reason
        ]
        if unexplained:
            raise ValidationError(
                {
                    "decision": f"{', '.join(unexplained)}, ranked below {bid.reference}, "
                    "would then be funded ahead of it with no reason recorded. Add the reason to "
                    "their award first."
                }
            )

    award = Award.objects.select_for_update(of=("self",)).filter(bid=bid).first()
    before = snapshot_of(award) if award else None
    if award is None:
        award = Award(bid=bid)
    award.decision, award.amount, award.reason = decision, amount, reason
    award.passes_over = passes_over
    if before is not None and snapshot_of(award) == before:
        return award  # the same decision twice (a double click)
    award.decided_by, award.decided_at = by, timezone.now()
    award.save()
    action = "decisions.award_recorded" if before is None else "decisions.award_changed"
    audit.record(action, obj=award, round=round_, actor=by, before=before, reason=reason)
    return award


@transaction.atomic
def record_tie(lot, *, by, order, reason) -> TieDecision:
    """Records the order the panel chose for a tie its rule does not settle, with the reason.
    `order` lists the tied bids' pks, first ranked first. Recorded by an officer or the lot's
    chair. Refused with ValidationError keyed "order" (not exactly the bids of one open or
    decided tie) or "reason" (missing)."""
    round_ = policy.lock(lot.round)
    if not (policy.is_officer(by, round_) or policy.is_chair(by, lot)):
        raise PermissionDenied("Only an officer or the panel's chair can record a tie decision.")
    policy.require_open(round_)
    reason = policy.clean_text(reason, "reason", "Say why the panel put the bids in this order.")
    if (
        not isinstance(order, list | tuple)
        or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in order)
        or len(set(order)) != len(order)
    ):
        raise ValidationError({"order": "Put each tied bid in order once."})
    lot.round = round_
    results = lot_results(lot)
    key = tiebreak.group_key(order)
    if not order or not any(r.tie_group == key for r in results.bids):
        raise ValidationError(
            {"order": "These bids are not tied in a way the round's rule leaves open."}
        )
    decision = (
        TieDecision.objects.select_for_update(of=("self",)).filter(lot=lot, group=key).first()
    )
    before = snapshot_of(decision) if decision else None
    if decision is None:
        decision = TieDecision(lot=lot, group=key)
    decision.order, decision.reason = list(order), reason
    decision.decided_by, decision.decided_at = by, timezone.now()
    decision.save()
    action = "decisions.tie_decided" if before is None else "decisions.tie_changed"
    audit.record(action, obj=decision, round=round_, actor=by, before=before, reason=reason)
    return decision


@transaction.atomic
def save_advice(lot, *, by, text) -> LotAdvice:
    """The chair writes (or rewrites) the panel's advice on a lot's results. Refused with
    ValidationError keyed "text" when empty or too long; PermissionDenied for anyone but the
    lot's chair."""
    round_ = policy.lock(lot.round)
    if not policy.is_chair(by, lot):
        raise PermissionDenied("Only the chair of this lot's panel can write the panel's advice.")
    policy.require_open(round_)
    text = policy.clean_text(text, "text", "Write the panel's advice on these results.")
    advice = LotAdvice.objects.select_for_update(of=("self",)).filter(lot=lot).first()
    before = snapshot_of(advice) if advice else None
    if advice is None:
        advice = LotAdvice(lot=lot)
    elif advice.text == text:
        return advice
    advice.text, advice.written_by, advice.written_at = text, by, timezone.now()
    advice.save()
    action = "decisions.advice_written" if before is None else "decisions.advice_changed"
    audit.record(action, obj=advice, round=round_, actor=by, before=before)
    return advice
