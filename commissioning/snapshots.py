"""What the decision trail records of rounds, lots, rubrics and criteria (see audit/snapshots.py)."""

from decimal import Decimal

from audit.snapshots import register, register_check
from commissioning.models import Criterion, Lot, Round, Rubric


def _places(value, places=2):
    """As the database stores it, so an in-memory 20 and a stored 20.00 snapshot alike."""
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def round_snapshot(r: Round) -> dict:
    return {
        "name": r.name,
        "purpose": r.purpose,
        "total_budget": _places(r.total_budget),
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "mode": r.mode,
        "aggregation": r.aggregation,
        "tie_break": r.tie_break,
        "reference_prefix": r.reference_prefix,
        "blind_review": r.blind_review,
        "divergence_percent": r.divergence_percent,
        "stage": r.stage,
        "method_changed_after_bids": r.method_changed_after_bids,
    }


def lot_snapshot(lot: Lot) -> dict:
    return {
        "round": lot.round_id,
        "number": lot.number,
        "name": lot.name,
        "description": lot.description,
        "budget": _places(lot.budget),
        "rubric": lot.rubric_id,
    }


def rubric_snapshot(rubric: Rubric) -> dict:
    return {"round": rubric.round_id, "name": rubric.name}


def criterion_snapshot(c: Criterion) -> dict:
    return {
        "rubric": c.rubric_id,
        "order": c.order,
        "kind": c.kind,
        "title": c.title,
        "question_formal": c.question_formal,
        "question_plain": c.question_plain,
        "guidance": c.guidance,
        "weight": _places(c.weight),
        "scale_max": c.scale_max,
        "minimum_score": c.minimum_score,
        "officer_method": c.officer_method,
        "descriptors": sorted([d.score, d.text_formal, d.text_plain] for d in c.descriptors.all()),
    }


def register_all():
    register(Round, snapshot=round_snapshot, describe=lambda r: f"Round {r.pk} ({r.name})")
    register(Lot, snapshot=lot_snapshot, describe=lambda lot: f"Lot {lot.pk} ({lot.name})")
    register(Rubric, snapshot=rubric_snapshot, describe=lambda r: f"Rubric {r.pk} ({r.name})")
    register(
        Criterion,
        snapshot=criterion_snapshot,
        queryset=lambda: Criterion.objects.prefetch_related("descriptors"),
        describe=lambda c: f"Criterion {c.pk} ({c.title})",
    )
    register_check(round_grants)
    register_check(group_memberships)


def round_grants(round_ids):
    """Who may run or audit each round (guardian's object permissions on Round)."""
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from audit import grants

    recorded = grants.standing(
        ("access.granted", "access.revoked"),
        lambda before, after, object_id, round_id: (
            str(round_id),
            object_id,
            (after or before or {}).get("permission"),
        ),
        round_ids,
    )
    live = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Round)
    )
    if round_ids is not None:
        live = live.filter(object_pk__in=[str(pk) for pk in round_ids])
    rows = live.values_list("object_pk", "user__pseudonym", "permission__codename")
    findings = grants.compare(
        recorded,
        ((pk, str(pseudonym), codename) for pk, pseudonym, codename in rows.iterator()),
        lambda g: f"The {g[2]} permission of user:{g[1]} on round {g[0]}",
        "replay",
    )
    findings.extend(
        grants.Finding("replay", f"{p} is granted to a group; the app grants only to people")
        for p in GroupObjectPermission.objects.select_related("group", "permission")
    )
    return findings


def group_memberships(round_ids):
    """Who is in which group (the procurement officers): granted on the global chain."""
    if round_ids is not None:
        return []
    from django.contrib.auth import get_user_model

    from audit import grants

    recorded = grants.standing(
        ("officer.granted", "officer.revoked"),
        lambda before, after, object_id, round_id: (
            object_id,
            (after or before or {}).get("group"),
        ),
        global_only=True,
    )
    memberships = get_user_model().groups.through.objects.values_list(
        "user__pseudonym", "group__name"
    )
    return grants.compare(
        recorded,
        ((str(pseudonym), name) for pseudonym, name in memberships.iterator()),
        lambda g: f"Membership of user:{g[0]} in the group {g[1]!r}",
        "global",
    )
