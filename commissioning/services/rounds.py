"""Rounds: created, changed and moved through the stages; who has access to them."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

import audit
from audit.snapshots import snapshot_of
from commissioning import access, stages
from commissioning.models import (
    Round,
    Stage,
)
from commissioning.services.checks import (
    ROUND_FIELDS,
    StageConflict,
    check_dates,
    lock_round,
    method_change,
    require,
)
from commissioning.signals import stage_moved


@transaction.atomic
def create_round(*, by, **fields) -> Round:
    if not access.can_create_rounds(by):
        raise PermissionDenied("Only procurement officers can create rounds.")
    check_dates(fields.get("starts_on"), fields.get("ends_on"))
    round_ = Round.objects.create(
        created_by=by, **{k: fields[k] for k in ROUND_FIELDS if k in fields}
    )
    audit.record("round.created", obj=round_, round=round_, actor=by)
    _grant(round_, by, access.MANAGE, by=by)
    return round_


@transaction.atomic
def update_round(round_: Round, *, by, reason: str = "", **changes) -> Round:
    require(by, round_)
    round_ = lock_round(round_)
    reason = method_change(round_, by, reason)
    merged = {k: changes.get(k, getattr(round_, k)) for k in ROUND_FIELDS}
    check_dates(merged["starts_on"], merged["ends_on"])
    if merged["total_budget"] < round_.allocated_budget():
        raise ValidationError(
            {
                "total_budget": f"The lots already add up to £{round_.allocated_budget():,.2f}. "
                "Lower a lot's budget first, or keep the total at least that high."
            }
        )
    before = snapshot_of(round_)
    for key, value in merged.items():
        setattr(round_, key, value)
    round_.save()
    if snapshot_of(round_) != before:
        audit.record(
            "round.updated", obj=round_, round=round_, actor=by, before=before, reason=reason
        )
    return round_


@transaction.atomic
def move_stage(round_: Round, *, to: str, by, reason: str = "", expected_from: str | None = None):
    """Moves the round one stage on (if its guard passes) or one back (with a reason)."""
    require(by, round_)
    round_ = lock_round(round_)
    if expected_from and round_.stage != expected_from:
        raise StageConflict(
            f"Someone else has already moved this round to {round_.get_stage_display().lower()}. "
            "Check the page again before moving it."
        )
    reason = (reason or "").strip()
    overridden = []
    if to == stages.next_stage(round_.stage):
        problems = stages.problems_leaving(round_)
        if problems and not (stages.can_override(problems) and reason):
            if stages.can_override(problems):
                raise ValidationError({"reason": "Say why the round must move on anyway."})
            raise ValidationError([p.message for p in problems])
        overridden = [p.recorded or p.message for p in problems]
    elif to == stages.previous_stage(round_.stage):
        if not reason:
            raise ValidationError({"reason": "Say why the round must go back a stage."})
    else:
        raise ValidationError(f"A round cannot move from {round_.stage} to {to}.")
    before = snapshot_of(round_)
    round_.stage = to
    if to == Stage.SCORING and round_.scoring_started_at is None:
        round_.scoring_started_at = timezone.now()
    round_.save(update_fields=["stage", "scoring_started_at"])
    if overridden:
        audit.record(
            "round.guard_passed_over",
            round=round_,
            actor=by,
            object_type="commissioning.stage_override",
            object_id=f"{round_.pk}:{to}",
            after={"from": before["stage"], "to": to, "problems": overridden},
            reason=reason,
        )
    audit.record(
        "round.stage_moved", obj=round_, round=round_, actor=by, before=before, reason=reason
    )
    stage_moved.send(sender=Round, round_=round_, before=before["stage"], after=to, by=by)
    return round_


# Access -------------------------------------------------------------------------------------------


def _grant(round_: Round, user, perm: str, *, by):
    assign_perm(perm, user, round_)
    audit.record(
        "access.granted",
        round=round_,
        actor=by,
        object_type="accounts.user",
        object_id=str(user.pseudonym),
        after={"permission": perm},
    )


@transaction.atomic
def grant_access(round_: Round, user, perm: str, *, by):
    require(by, round_)
    if perm not in access.READ:
        raise ValidationError("Unknown kind of access.")
    if perm == access.MANAGE and not access.can_create_rounds(user):
        raise ValidationError({"email": "Only procurement officers can run a round."})
    if perm in access.round_perms(user, round_):
        raise ValidationError({"email": f"{user} already has this access."})
    _grant(lock_round(round_), user, perm, by=by)


@transaction.atomic
def revoke_access(round_: Round, user, perm: str, *, by):
    require(by, round_)
    round_ = lock_round(round_)
    if perm == access.MANAGE:
        managers = get_users_with_perms(round_, only_with_perms_in=[access.MANAGE])
        if managers.count() <= 1:
            raise ValidationError("A round must keep at least one officer.")
    remove_perm(perm, user, round_)
    audit.record(
        "access.revoked",
        round=round_,
        actor=by,
        object_type="accounts.user",
        object_id=str(user.pseudonym),
        before={"permission": perm},
    )


@transaction.atomic
def make_officer(user, *, by=None, reason: str = ""):
    """Makes `user` a procurement officer, who may create rounds: the only global group. Recorded
    on the global chain, so the replay can tell a membership added behind the app's back."""
    group, _ = Group.objects.get_or_create(name=access.OFFICERS_GROUP)
    if not group.permissions.filter(codename="add_round").exists():
        from django.contrib.auth.models import Permission

        group.permissions.add(
            Permission.objects.get(codename="add_round", content_type__app_label="commissioning")
        )
    if user.groups.filter(pk=group.pk).exists():
        return
    user.groups.add(group)
    audit.record(
        "officer.granted",
        actor=by,
        object_type="accounts.user",
        object_id=str(user.pseudonym),
        after={"group": group.name},
        reason=reason,
    )


BACKFILL_REASON = "backfill: granted before grants were recorded"


@transaction.atomic
def record_earlier_officers() -> list:
    """Records officer.granted for each officer made before make_officer recorded it (their
    membership has no standing grant in the trail), so the replay accepts them. Running it again
    records nothing. Returns the people recorded."""
    from django.contrib.auth import get_user_model

    from audit import grants

    group = Group.objects.select_for_update(of=("self",)).filter(name=access.OFFICERS_GROUP).first()
    if group is None:
        return []
    standing = grants.standing(
        ("officer.granted", "officer.revoked"),
        lambda before, after, object_id, round_id: (
            object_id,
            (after or before or {}).get("group"),
        ),
        global_only=True,
    )
    officers = get_user_model().objects.filter(groups=group).order_by("pk")
    missing = [u for u in officers if (str(u.pseudonym), group.name) not in standing]
    for user in missing:
        audit.record(
            "officer.granted",
            actor="system",
            object_type="accounts.user",
            object_id=str(user.pseudonym),
            after={"group": group.name},
            reason=BACKFILL_REASON,
        )
    return missing
