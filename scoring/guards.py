"""Stage guards that need scoring (see commissioning/stages.py)."""

from django.urls import reverse

from commissioning.models import Stage
from commissioning.stages import Problem, guard
from scoring.progress import missing_sheets


@guard(Stage.SCORING)
def every_assigned_sheet_submitted(round_) -> list[Problem]:
    """Missing sheets may be passed over with the officer's reason: they stay missing (never
    zeros) and are listed at the consensus stage."""
    url = reverse("scoring:progress", args=[round_.pk])
    return [
        Problem(
            f"{member.user} has not submitted a score sheet for {bid.reference}: {bid.title}.",
            url,
            "See who has submitted",
            overridable=True,
            recorded=f"{member.user.actor_ref} has not submitted a score sheet for {bid.reference}.",
            group=f"{member.user} has not submitted a score sheet for",
            item=f"{bid.reference}: {bid.title}",
        )
        for member, bid in missing_sheets(round_)
    ]


@guard(Stage.CONSENSUS)
def every_lot_agreed_and_confirmed(round_) -> list[Problem]:
    """The record itself: it cannot be passed over with a reason (no `overridable`)."""
    from scoring.consensus import lot_record

    problems = []
    for lot in round_.lots.all():
        url = reverse("scoring:consensus_overview", args=[round_.pk]) + f"#lot-{lot.number}"
        state = lot_record(lot)
        if not state.items:
            continue
        if state.missing:
            problems.append(
                Problem(
                    f"{lot}: {len(state.missing)} of {len(state.items)} questions on bids still "
                    "need the panel's agreed score.",
                    url,
                    "See the agenda",
                )
            )
        elif state.waiting_for:
            names = ", ".join(str(m.user) for m in state.waiting_for)
            problems.append(
                Problem(
                    f"{lot}: the record is waiting for confirmation from {names}.",
                    url,
                    "See who has confirmed",
                )
            )
        elif not state.present:
            problems.append(Problem(f"{lot}: nobody is recorded as present.", url))
    return problems
