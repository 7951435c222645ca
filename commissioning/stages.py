"""The stage machine: draft -> induction -> scoring -> consensus -> decided -> published.

Each app registers the checks that must pass before a round leaves a stage (`@guard(Stage.DRAFT)`);
a check returns Problems, each saying what is missing and linking to where to fix it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from commissioning.models import STAGE_ORDER, Criterion, CriterionKind, Round, Stage, weight_text


@dataclass(frozen=True)
class Problem:
    message: str
    url: str
    link_text: str = "Fix this"
    # An officer may move on despite this problem by giving a reason (e.g. closing scoring with
    # sheets missing): the reason and the problems passed over are kept in the decision trail.
    overridable: bool = False
    # What the trail keeps of a problem passed over, if the message names someone: the trail names
    # people by pseudonym only, so their name can be erased (audit/personal.py).
    recorded: str = ""
    # Problems that share a `group` ("Jess Rowan has not submitted a score sheet for") are shown
    # as one blocker listing each one's `item` ("YS27-L1-001: Talking Teens at Home"), with one
    # link, rather than the same sentence and link once for every bid.
    group: str = ""
    item: str = ""


@dataclass
class Blocker:
    """Problems as the officer reads them: one per group, listing its items."""

    message: str
    url: str
    link_text: str
    items: list[str]
    overridable: bool


def grouped(problems: list[Problem]) -> list[Blocker]:
    """Problems with the same group, link and link text become one Blocker, in first-seen order."""
    blockers, by_key = [], {}
    for problem in problems:
        if not problem.group:
            blockers.append(
                Blocker(problem.message, problem.url, problem.link_text, [], problem.overridable)
            )
            continue
        key = (problem.group, problem.url, problem.link_text)
        if key not in by_key:
            by_key[key] = Blocker(problem.group, problem.url, problem.link_text, [], True)
            blockers.append(by_key[key])
        by_key[key].items.append(problem.item)
        by_key[key].overridable = by_key[key].overridable and problem.overridable
    return blockers


_guards: dict[str, list[Callable[[Round], list[Problem]]]] = defaultdict(list)


def guard(stage: str):
    def register(check):
        _guards[stage].append(check)
        return check

    return register


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def previous_stage(stage: str) -> str | None:
    """Where an officer may step back to, with a reason. Published is final."""
    if stage in (Stage.DRAFT, Stage.PUBLISHED):
        return None
    return STAGE_ORDER[STAGE_ORDER.index(stage) - 1]


def can_override(problems: list[Problem]) -> bool:
    return bool(problems) and all(p.overridable for p in problems)


def problems_leaving(round_: Round) -> list[Problem]:
    problems = []
    for check in _guards[round_.stage]:
        problems.extend(check(round_))
    return problems


def _url(name, *args):
    return reverse(f"commissioning:{name}", args=args)


@guard(Stage.DRAFT)
def round_method_declared(round_: Round) -> list[Problem]:
    problems = []
    if not round_.aggregation:
        problems.append(
            Problem(
                "Choose how individual scores roll up (consensus, mean or median).",
                _url("round_edit", round_.pk) + "#id_aggregation",
            )
        )
    if not round_.tie_break:
        problems.append(
            Problem("Choose the tie-break rule.", _url("round_edit", round_.pk) + "#id_tie_break")
        )
    return problems


@guard(Stage.DRAFT)
def lots_and_rubrics_complete(round_: Round) -> list[Problem]:
    criteria = Prefetch("criteria", queryset=Criterion.objects.prefetch_related("descriptors"))
    rubrics = {r.pk: r for r in round_.rubrics.prefetch_related(criteria)}
    lots = list(round_.lots.all())
    problems = []
    if not lots:
        problems.append(
            Problem("Add at least one lot.", _url("lot_create", round_.pk), "Add a lot")
        )
    allocated = sum((lot.budget for lot in lots), 0)
    if allocated > round_.total_budget:
        problems.append(
            Problem(
                f"Lot budgets add up to £{allocated:,.2f}, more than the round's "
                f"£{round_.total_budget:,.2f}.",
                _url("round", round_.pk) + "#lots",
            )
        )
    for lot in lots:
        if lot.rubric_id is None:
            problems.append(
                Problem(f"{lot} has no rubric.", _url("lot_edit", round_.pk, lot.pk) + "#id_rubric")
            )
    for rubric in rubrics.values():
        if not any(lot.rubric_id == rubric.pk for lot in lots):
            continue
        problems.extend(_rubric_problems(round_, rubric))
    return problems


def _rubric_problems(round_: Round, rubric) -> list[Problem]:
    problems = []
    criteria = list(rubric.criteria.all())
    if not any(c.kind == CriterionKind.SCORED for c in criteria):
        problems.append(
            Problem(
                f"“{rubric}” has no criteria for the panel to score.",
                _url("criterion_create", round_.pk, rubric.pk),
                "Add a criterion",
            )
        )
    total = rubric.weighted_total()
    if total != 100:
        problems.append(
            Problem(
                f"The weights in “{rubric}” add up to {weight_text(total)}, not 100.",
                _url("weights", round_.pk, rubric.pk),
                "Set the weights",
            )
        )
    for criterion in criteria:
        if criterion.needs_descriptors:
            described = {
                d.score for d in criterion.descriptors.all() if d.text_formal and d.text_plain
            }
            missing = [str(level) for level in criterion.levels if level not in described]
            if missing:
                problems.append(
                    Problem(
                        f"“{criterion}” needs a description of score {', '.join(missing)} "
                        "in both versions.",
                        _url("criterion_edit", round_.pk, criterion.pk),
                    )
                )
        if criterion.minimum_score is not None and criterion.minimum_score > criterion.scale_max:
            problems.append(
                Problem(
                    f"“{criterion}” has a minimum score above its highest score.",
                    _url("criterion_edit", round_.pk, criterion.pk) + "#id_minimum_score",
                )
            )
    return problems
