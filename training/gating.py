"""Is a member ready to score? The checklist of what they still have to do.

`readiness(member)` lists every required module (passed or not), the practice bid when the round
has one and the member scores, then the panels items (conflict declarations per lot, a parent's
consent) from panels/readiness.py. `is_ready(member)` is true when every item is done. The
scoring app asks `is_ready` before it opens a real sheet; the induction stage guard
(training/guards.py) lists the scoring members who are not ready.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from panels.models import SCORING_ROLES, ConflictDeclaration, Member
from panels.readiness import Item, LotFacts, lot_facts, panel_items
from training.models import Module, PracticeAttempt, PracticeBid

__all__ = ["Item", "RoundFacts", "is_ready", "readiness", "round_facts", "unfinished"]


@dataclass
class RoundFacts:
    """What the checklist needs to know about a round, fetched once for many members."""

    required: list
    practice: PracticeBid | None
    lots: LotFacts


def round_facts(round_) -> RoundFacts:
    return RoundFacts(
        required=list(Module.objects.filter(round=round_, required=True)),
        practice=PracticeBid.objects.filter(round=round_).first(),
        lots=lot_facts(round_),
    )


def with_progress(members):
    """`members` (a queryset) with what readiness() reads prefetched."""
    return members.select_related("user", "panel__round", "panel__lot").prefetch_related(
        "module_results",
        Prefetch("declarations", queryset=ConflictDeclaration.objects.filter(current=True)),
        Prefetch(
            "practice_attempts",
            queryset=PracticeAttempt.objects.only("pk", "member_id", "practice_id"),
        ),
        "consents",
    )


def training_items(member: Member, facts: RoundFacts | None = None) -> list[Item]:
    facts = facts or round_facts(member.panel.round)
    passed = {r.module_id for r in member.module_results.all() if r.passed_at}
    tried = {r.module_id for r in member.module_results.all() if r.attempts}
    items = []
    for module in facts.required:
        done = module.pk in passed
        if done:
            hint = ""  # the tag says "Done"
        elif module.pk in tried:
            hint = "Not passed yet. Read the explanations and try again."
        else:
            hint = f"About {module.minutes} minutes."
        items.append(
            Item(
                label=module.title,
                done=done,
                url=reverse("training:module", args=[member.pk, module.pk]),
                hint=hint,
            )
        )
    if facts.practice is not None and member.role in SCORING_ROLES:
        done = any(a.practice_id == facts.practice.pk for a in member.practice_attempts.all())
        items.append(
            Item(
                label="The practice bid",
                done=done,
                url=reverse("training:practice", args=[member.pk]),
                hint="It never counts." if done else "Score a made-up bid. It never counts.",
            )
        )
    return items


def readiness(member: Member, facts: RoundFacts | None = None) -> list[Item]:
    """Everything a member must do before scoring, in the order to do it."""
    facts = facts or round_facts(member.panel.round)
    return training_items(member, facts) + panel_items(member, facts.lots)


def unfinished(member: Member, facts: RoundFacts | None = None) -> list[Item]:
    return [item for item in readiness(member, facts) if not item.done]


def is_ready(member: Member) -> bool:
    return not unfinished(member)
