"""What a member still has to do on the panels side before they can score.

`panel_items(member)` lists one item per lot they declare conflicts for, and a parent's or carer's
consent for under-16s. training/gating.py combines these with the training items into the
checklist on the member's dashboard. For many members at once, read `lot_facts(round_)` once
and pass it in, with each member's "declarations" and "consents" prefetched: no further queries.
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
    status: str = ""  # the tag's words when not simply "Done" or "To do"


def _key(organisation: str) -> str:
    return " ".join(organisation.lower().split())


@dataclass
class LotFacts:
    """Each panel's lots and the organisations bidding in each lot, read once for many members."""

    lots_by_panel: dict[int, list]
    organisations: dict[int, dict[str, set[int]]]  # lot -> organisation -> its bids


def lot_facts(round_) -> LotFacts:
    """Three queries, whatever the number of panels, lots, bids and members."""
    panels = list(round_.panels.all())
    lots = list(round_.lots.all())
    own = {p.lot_id for p in panels if p.lot_id}
    organisations: dict[int, dict[str, set[int]]] = {lot.pk: {} for lot in lots}
    for lot_id, bid_pk, name in Bid.objects.filter(lot__round=round_).values_list(
        "lot_id", "pk", "organisation"
    ):
        organisations[lot_id].setdefault(_key(name), set()).add(bid_pk)
    lots_by_panel = {
        p.pk: [lot for lot in lots if (lot.pk == p.lot_id if p.lot_id else lot.pk not in own)]
        for p in panels
    }
    return LotFacts(lots_by_panel=lots_by_panel, organisations=organisations)


def declaration_progress(member: Member, facts: LotFacts | None = None) -> list[tuple]:
    """(lot, number of organisations, number declared) for each lot the member's panel scores."""
    facts = facts or lot_facts(member.panel.round)
    if "declarations" in getattr(member, "_prefetched_objects_cache", {}):
        declared = {d.bid_id for d in member.declarations.all() if d.current}
    else:
        declared = set(
            ConflictDeclaration.objects.filter(member=member, current=True).values_list(
                "bid_id", flat=True
            )
        )
    progress = []
    for lot in facts.lots_by_panel.get(member.panel_id, []):
        groups = facts.organisations[lot.pk].values()
        done = sum(1 for bids in groups if bids <= declared)
        progress.append((lot, len(groups), done))
    return progress


def declaration_items(member: Member, facts: LotFacts | None = None) -> list[Item]:
    items = []
    for lot, total, done in declaration_progress(member, facts):
        url = reverse("panels:declare", args=[member.pk, lot.pk])
        if total == 0:
            hint = "No organisations have bid in this lot yet."
        elif done == total:
            hint = "You can change your answers if anything changes."
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


def panel_items(member: Member, facts: LotFacts | None = None) -> list[Item]:
    """The panels part of the member's checklist, in the order they should do it."""
    items = []
    consent = parent_consent_item(member)
    if consent is not None:
        items.append(consent)
    items.extend(declaration_items(member, facts))
    return items


def profile_item(member: Member) -> Item:
    return Item(
        label="Tell us about you",
        done=bool(member.age_band),
        url=reverse("panels:profile", args=[member.pk]),
        hint="Optional, but it helps: your age group, and anything that would help you take part.",
    )


# The whole checklist before scoring belongs to a higher app (training adds its modules and the
# practice bid to these items). It registers itself here in its ready(), so panels pages can show
# the checklist without panels importing upwards. It provides readiness(member, facts=None),
# round_facts(round_) and with_progress(members), as training/gating.py does.
_source = None


def provide(source) -> None:
    """Called once by the app that owns the full checklist (training.apps)."""
    global _source
    _source = source


def source():
    """The registered owner of the full checklist, or None if no app has registered one."""
    return _source


@dataclass
class Checklist:
    items: list[Item]
    ready: bool  # every item the scoring gate checks is done (the profile is not one of them)
    gate: list[Item]  # the items the scoring gate checks (all but the profile)


def checklist(member: Member) -> Checklist:
    """Everything left before the member can score, for their dashboard: their profile, then the
    training parts and these panels parts (training/gating.py combines the two)."""
    items = list(_source.readiness(member)) if _source is not None else panel_items(member)
    ready = all(item.done for item in items)
    return Checklist(items=[profile_item(member), *items], ready=ready, gate=items)
