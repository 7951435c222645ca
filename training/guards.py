"""Training's part of the stage machine: every scoring member is ready before scoring starts.

A member who is not ready blocks leaving induction until they finish, or an officer excludes them
with a reason (panels.services.set_member_status); excluded members are not counted.
"""

from django.urls import reverse

from commissioning.models import Stage
from commissioning.stages import Problem, guard
from panels.models import Member
from training.gating import round_facts, unfinished, with_progress


@guard(Stage.INDUCTION)
def every_scoring_member_is_ready(round_) -> list[Problem]:
    facts = round_facts(round_)
    members = with_progress(Member.objects.for_round(round_).scoring()).order_by(
        "user__display_name", "pk"
    )
    problems = []
    for member in members:
        left = unfinished(member, facts)
        if not left:
            continue
        name = member.user.display_name
        problems.append(
            Problem(
                f"{name} has not finished: {'; '.join(item.label for item in left)}.",
                reverse("panels:member_status", args=[round_.pk, member.pk]),
                "Exclude them from scoring, with a reason",
            )
        )
    return problems
