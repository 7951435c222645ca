"""What the decision trail records of panels' objects (see audit/snapshots.py).

Each snapshot is the shape the panels services record in their events' `after`, so `verify_audit`
catches a change made behind the app's back: a member's role or status, a conflict decision, an
assignment, a consent, an hour of time or an expense.
"""

from decimal import Decimal

from audit.snapshots import register, register_check
from panels.models import (
    Assignment,
    ConflictDeclaration,
    ConflictsAssessment,
    Consent,
    Expense,
    Invitation,
    Member,
    MemberStatus,
    Panel,
    TimeEntry,
)


def _ref(member: Member) -> dict:
    return {"member": member.pk, "person": member.user.actor_ref, "role": member.role}


def member_snapshot(m: Member) -> dict:
    return {**_ref(m), "status": m.status, "recognition": m.recognition}


def panel_snapshot(p: Panel) -> dict:
    return {
        "name": p.name,
        "lot": p.lot_id,
        "decides": p.decides,
        "does_not_decide": p.does_not_decide,
        "scorers_per_bid": p.scorers_per_bid,
    }


def declaration_snapshot(d: ConflictDeclaration) -> dict:
    return {
        **_ref(d.member),
        "bid": d.bid_id,
        **d.answers,
        "outcome": d.outcome,
        "mitigation": d.mitigation,
    }


def consent_snapshot(c: Consent) -> dict:
    return {
        "member": c.member_id,
        "kind": c.kind,
        "relationship": c.relationship,
        "given_at": c.given_at,
        "withdrawn_at": c.withdrawn_at,
    }


def assignment_snapshot(a: Assignment) -> dict:
    return {**_ref(a.member), "bid": a.bid_id}


def time_snapshot(t: TimeEntry) -> dict:
    return {
        "member": t.member_id,
        "kind": t.kind,
        "hours": Decimal(t.hours).quantize(Decimal("0.01")),
        "on": t.on,
    }


def expense_snapshot(e: Expense) -> dict:
    return {
        "member": e.member_id,
        "amount": Decimal(e.amount).quantize(Decimal("0.01")),
        "on": e.on,
    }


def register_all():
    register_check(bid_grants)
    register(Panel, snapshot=panel_snapshot, describe=lambda p: f"Panel {p.pk} ({p.name})")
    register(
        Member,
        snapshot=member_snapshot,
        queryset=lambda: Member.objects.select_related("user"),
        describe=lambda m: f"Member {m.pk} (panel {m.panel_id})",
        merge=True,  # joined, status and recognition are recorded by separate events
        defaults={"status": MemberStatus.ACTIVE, "recognition": ""},
    )
    register(
        Invitation,
        round_lookup="panel__round_id__in",
        snapshot=lambda i: {"panel": i.panel_id, "role": i.role, "expires_at": i.expires_at},
        describe=lambda i: f"Invitation {i.pk} (panel {i.panel_id})",
        merge=True,  # a cancellation records nothing new
    )
    register(
        ConflictDeclaration,
        snapshot=declaration_snapshot,
        queryset=lambda: ConflictDeclaration.objects.select_related("member__user"),
        describe=lambda d: f"Conflict declaration {d.pk} (member {d.member_id}, bid {d.bid_id})",
        merge=True,  # the declaration, then the officer's decision
        defaults={"mitigation": ""},
    )
    register(
        ConflictsAssessment,
        snapshot=lambda a: {"text": a.text},
        describe=lambda a: f"Conflicts assessment {a.pk} (round {a.round_id})",
        merge=True,  # also records the assessment it replaces
    )
    register(
        Consent,
        round_lookup="member__panel__round_id__in",
        snapshot=consent_snapshot,
        describe=lambda c: f"Consent {c.pk} (member {c.member_id}, {c.kind})",
        merge=True,  # given, then withdrawn
        defaults={"relationship": "", "withdrawn_at": None},
    )
    register(
        Assignment,
        snapshot=assignment_snapshot,
        queryset=lambda: Assignment.objects.select_related("member__user"),
        describe=lambda a: f"Assignment {a.pk} (member {a.member_id}, bid {a.bid_id})",
    )
    register(
        TimeEntry,
        round_lookup="member__panel__round_id__in",
        snapshot=time_snapshot,
        describe=lambda t: f"Time entry {t.pk} (member {t.member_id})",
    )
    register(
        Expense,
        round_lookup="member__panel__round_id__in",
        snapshot=expense_snapshot,
        describe=lambda e: f"Expense {e.pk} (member {e.member_id})",
    )


def bid_grants(round_ids):
    """Which members may open which bids (guardian's view_bid), as the panels services granted."""
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    from audit import grants
    from bids.models import Bid
    from panels.access import VIEW_BID

    recorded = grants.standing(
        ("access.bid_granted", "access.bid_revoked"),
        lambda before, after, object_id, round_id: (after["person"], str(after["bid"])),
        round_ids,
    )
    live = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Bid),
        permission__codename=VIEW_BID.split(".")[1],
    )
    if round_ids is not None:
        bids = Bid.objects.filter(lot__round_id__in=round_ids).values_list("pk", flat=True)
        live = live.filter(object_pk__in=[str(pk) for pk in bids])
    rows = live.values_list("user__pseudonym", "object_pk")
    return grants.compare(
        recorded,
        ((f"user:{pseudonym}", pk) for pseudonym, pk in rows.iterator()),
        lambda g: f"Permission for {g[0]} to open bid {g[1]}",
        "replay",
    )
