"""Assignments: who scores which bid, proposed fairly and applied as a whole plan, only before
scoring starts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

import audit
from bids.models import Bid
from commissioning.models import Lot, Round, Stage
from panels.models import (
    SCORING_ROLES,
    Assignment,
    ConflictDeclaration,
    Member,
    MemberStatus,
)
from panels.services.bid_access import sync_bid_access
from panels.services.checks import (
    lock_round,
    member_ref,
    require_officer,
)
from panels.services.conflicts import blocking_pair, member_lots


def _check_assignable(member: Member, bid: Bid):
    if member.role not in SCORING_ROLES:
        raise ValidationError(
            f"{member.user} is {member.get_role_display().lower()}: only panellists score."
        )
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(f"{member.user} is not taking part: {member.status_reason}")
    if not member_lots(member).filter(pk=bid.lot_id).exists():
        raise ValidationError(f"{member.user} is not on the panel for {bid.lot}.")
    if blocking_pair(member, bid):
        raise ValidationError(
            f"{member.user} has declared an interest in {bid.organisation}, so cannot score "
            f"{bid.reference}."
        )


@transaction.atomic
def assign(member: Member, bid: Bid, *, by) -> Assignment:
    round_ = member.panel.round
    require_officer(by, round_)
    round_ = lock_round(round_)
    _check_assignments_open(round_)
    _check_assignable(member, bid)
    assignment, created = Assignment.objects.get_or_create(
        member=member, bid=bid, defaults={"assigned_by": by}
    )
    if not created:
        raise ValidationError(f"{member.user} already scores {bid.reference}.")
    audit.record(
        "assignment.added",
        obj=assignment,
        round=round_,
        actor=by,
        after={**member_ref(member), "bid": bid.pk},
    )
    sync_bid_access(member, bid, by=by, round_=round_)
    return assignment


def _check_assignments_open(round_: Round):
    if round_.stage not in (Stage.DRAFT, Stage.INDUCTION):
        raise ValidationError(
            "Scoring has started, so who scores which bid can no longer change. A member with a "
            "conflict can still declare it, and loses access at once."
        )


@transaction.atomic
def unassign(member: Member, bid: Bid, *, by):
    round_ = member.panel.round
    require_officer(by, round_)
    round_ = lock_round(round_)
    _check_assignments_open(round_)
    _remove_assignment(member, bid, by=by, round_=round_)


def _remove_assignment(member, bid, *, by, round_):
    deleted, _ = Assignment.objects.filter(member=member, bid=bid).delete()
    if not deleted:
        raise ValidationError(f"{member.user} was not scoring {bid.reference}.")
    audit.record(
        "assignment.removed",
        round=round_,
        actor=by,
        object_type="panels.assignment",
        object_id=f"{member.pk}:{bid.pk}",
        before={**member_ref(member), "bid": bid.pk},
    )
    sync_bid_access(member, bid, by=by, round_=round_)


def lot_scorers(lot: Lot):
    return Member.objects.for_lot(lot).scoring().select_related("user")


def propose_assignments(lot: Lot, scorers_per_bid: int | None = None):
    """A proposed plan for `lot`: {bid: [members]} and the problems with it.

    Every eligible member scores every bid unless `scorers_per_bid` asks for k scorers a bid. Then
    bids with the fewest eligible members are filled first, each from the least-loaded eligible
    members (ties by name), which keeps every member's load within one of every other's whenever
    conflicts allow it. Conflicted pairs are never proposed.
    """
    members = list(lot_scorers(lot).order_by("user__display_name", "pk"))
    bids = list(Bid.objects.filter(lot=lot).compliant().order_by("number"))
    blocked = {
        (d.member_id, d.bid_id)
        for d in ConflictDeclaration.objects.filter(bid__lot=lot, current=True)
        if not d.allows_access
    }
    eligible = {b.pk: [m for m in members if (m.pk, b.pk) not in blocked] for b in bids}
    plan, problems = {}, []
    load = {m.pk: 0 for m in members}
    if scorers_per_bid is None:
        plan = {b: eligible[b.pk] for b in bids}
    else:
        for bid in sorted(bids, key=lambda b: (len(eligible[b.pk]), b.number)):
            ranked = sorted(eligible[bid.pk], key=lambda m: (load[m.pk], m.user.display_name, m.pk))
            chosen = ranked[:scorers_per_bid]
            for m in chosen:
                load[m.pk] += 1
            plan[bid] = chosen
        plan = {b: plan[b] for b in bids}
    for bid, chosen in plan.items():
        wanted = scorers_per_bid or 1
        if len(chosen) < wanted:
            problems.append(
                f"{bid.reference} has {len(chosen)} possible scorer{'s' if len(chosen) != 1 else ''}"
                f", fewer than the {wanted} asked for."
            )
    return plan, problems


def plan_fingerprint(plan) -> str:
    """What the officer checked, so applying refuses a plan that has changed since."""
    import hashlib

    text = ";".join(f"{b.pk}:{','.join(str(m.pk) for m in ms)}" for b, ms in plan.items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@transaction.atomic
def apply_assignments(lot: Lot, *, by, scorers_per_bid: int | None, fingerprint: str):
    """Makes the lot's assignments match the proposal the officer checked. Returns (added, removed)."""
    round_ = lot.round
    require_officer(by, round_)
    round_ = lock_round(round_)
    _check_assignments_open(round_)
    plan, _ = propose_assignments(lot, scorers_per_bid)
    if plan_fingerprint(plan) != fingerprint:
        raise ValidationError(
            "Something changed since you checked the plan (a member joined, or declared an "
            "interest). Check the new plan below."
        )
    wanted = {(m.pk, b.pk) for b, ms in plan.items() for m in ms}
    existing = {
        (a.member_id, a.bid_id): a
        for a in Assignment.objects.filter(bid__lot=lot).select_related("member__user", "bid")
    }
    members = {m.pk: m for ms in plan.values() for m in ms}
    bids = {b.pk: b for b in plan}
    added = removed = 0
    for pair, assignment in existing.items():
        if pair not in wanted:
            _remove_assignment(assignment.member, assignment.bid, by=by, round_=round_)
            removed += 1
    for member_pk, bid_pk in sorted(wanted - set(existing)):
        member, bid = members[member_pk], bids[bid_pk]
        assignment = Assignment.objects.create(member=member, bid=bid, assigned_by=by)
        audit.record(
            "assignment.added",
            obj=assignment,
            round=round_,
            actor=by,
            after={**member_ref(member), "bid": bid.pk},
        )
        sync_bid_access(member, bid, by=by, round_=round_)
        added += 1
    return added, removed


def loads(lot: Lot) -> dict[int, int]:
    return dict(
        Assignment.objects.filter(bid__lot=lot)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
