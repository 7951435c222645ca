"""Stage guards that need panels (see commissioning/stages.py)."""

from django.urls import reverse

from commissioning.models import Stage
from commissioning.stages import Problem, guard
from panels.models import Role


@guard(Stage.DRAFT)
def every_lot_has_a_chaired_panel(round_) -> list[Problem]:
    panels = list(round_.panels.prefetch_related("members"))
    url = reverse("panels:panels", args=[round_.pk])
    if not panels:
        return [Problem("Set up the panel that will score the bids.", url, "Set up the panel")]
    problems = []
    covered = {p.lot_id for p in panels}
    if None not in covered:
        for lot in round_.lots.all():
            if lot.pk not in covered:
                problems.append(Problem(f"{lot} has no panel to score it.", url, "Set up a panel"))
    for panel in panels:
        if not any(m.role == Role.MODERATOR for m in panel.members.all()):
            problems.append(Problem(f"{panel} has no chair.", url, "Add a chair"))
    return problems
