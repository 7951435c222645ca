"""What a member still has to do on the panels side before they can score.

`panel_items(member)` lists one item per lot they declare conflicts for, and a parent's or carer's
consent for under-16s. training/gating.py combines these with the training items into the
checklist on the member's dashboard. Three queries a member (two if "declarations" is
prefetched), whatever the number of lots and bids.
"""

from dataclasses import dataclass

from django.urls import reverse

from bids.models import Bid
from panels.models import ConflictDeclaration, ConsentKind, Member


@dataclass
class Item:
    label: str
    done: bool
    url: str
    hint: str = ""


def declaration_progress(member: Member) -> list[tuple]:
    """(lot, number of organisations, number declared) for each lot the member's panel scores."""
    lots = list(member.panel.lots())
    org_bids: dict[int, dict[str, set[int]]] = {lot.pk: {} for lot in lots}
    for lot_id, bid_pk, organisation in Bid.objects.filter(lot__in=lots).values_list(
        "lot_id", "pk", "organisation"
    ):
        key = " ".join(organisation.lower().split())
        org_bids[lot_id].setdefault(key, set()).add(bid_pk)
    if "declarations" in getattr(member, "_prefetched_objects_cache", {}):
        declared = {d.bid_id for d in member.declarations.all() if d.current}
    else:
        declared = set(
            ConflictDeclaration.objects.filter(member=member, current=True).values_list(
                "bid_id", flat=True
            )
        )
    progress = []
    for lot in lots:
        groups = org_bids[lot.pk].values()
        done = sum(1 for bids in groups if bids <= declared)
        progress.append((lot, len(groups), done))
    return progress


def declaration_items(member: Member) -> list[Item]:
    items = []
    for lot, total, done in declaration_progress(member):
        url = reverse("panels:declare", args=[member.pk, lot.pk])
        if total == 0:
            hint = "No organisations have bid in this lot yet."
        elif done == total:
            hint = "Done. You can change your answers if anything changes."
        else:
            hint = f"{done} of {total} organisations answered."
        items.append(
            Item(
                label=f"Say if you know any organisation bidding in {lot}",
                done=done == total,
                url=url,
                hint=hint,
            )
        )
    return items


def parent_consent_item(member: Member) -> Item | None:
    if not member.under_16:
        return None
    given = any(
        c.kind == ConsentKind.PARENT and c.withdrawn_at is None for c in member.consents.all()
    )
    return Item(
        label="Get a parent's or carer's consent",
        done=given,
        url=reverse("panels:consents", args=[member.pk]),
        hint="" if given else "Because you are under 16, a parent or carer needs to agree.",
    )


def panel_items(member: Member) -> list[Item]:
    """The panels part of the member's checklist, in the order they should do it."""
    items = []
    consent = parent_consent_item(member)
    if consent is not None:
        items.append(consent)
    items.extend(declaration_items(member))
    return items


def profile_item(member: Member) -> Item:
    return Item(
        label="Tell us about you",
        done=bool(member.age_band),
        url=reverse("panels:profile", args=[member.pk]),
        hint="Optional, but it helps: your age group, and anything that would help you take part.",
    )


@dataclass
class Checklist:
    items: list[Item]
    ready: bool  # every item the scoring gate checks is done (the profile is not one of them)


def checklist(member: Member) -> Checklist:
    """Everything left before the member can score, for their dashboard: their profile, then the
    training parts and these panels parts (training/gating.py combines the two)."""
    try:
        from training.gating import readiness
    except ImportError:  # pragma: no cover - training arrives with the same issue
        items = panel_items(member)
    else:
        items = list(readiness(member))
    ready = all(item.done for item in items)
    return Checklist(items=[profile_item(member), *items], ready=ready)
