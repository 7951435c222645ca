"""The co-production monitoring report of a round: the evidence the seeds' Appendix B ("Preparing
for Monitoring") asks a commissioner to keep, in numbers and without a single name.

- Who took part: members by role and age band, and how many are still taking part.
- Support asked for (how we were flexible and responsive to young people's needs).
- Training: each induction module and the practice bid, completed by how many.
- Time and money: hours given by kind, expenses paid back.
- Recognition chosen, and consents given or withdrawn per kind.
- What changed (the influence report, decisions:influence) and what the panel said in the survey
  (decisions.models.SurveyResponse): counts per answer; the free text only once at least three
  people have answered, with any member's name taken out.

Young panellists are few, so any count of young people of 1 or 2 is shown as "fewer than 3"
(and so are hours and money given by fewer than 3 young people); where such a count sits in a row
with its total, the next smallest count is hidden too, so it cannot be worked out by subtraction.
Others' counts are shown as they are. Fixed queries (nine), whatever the size of the panel.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum

import audit
from commissioning import access
from commissioning.models import Round, Stage
from decisions.models import Agreement, SurveyResponse
from decisions.summaries_text import Redactor
from panels.models import (
    AgeBand,
    Consent,
    ConsentKind,
    Expense,
    Member,
    MemberStatus,
    RecognitionChoice,
    Role,
    SupportNeed,
    TimeEntry,
    TimeKind,
)
from training.models import Module, ModuleResult, PracticeAttempt

STAGES = (Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS, Stage.DECIDED, Stage.PUBLISHED)
SMALLEST = 3
FEWER = "fewer than 3"
HIDDEN_AMOUNT = "hidden: given by fewer than 3 young people"
FREE_TEXT_FROM = 3
DOWNLOADED = "coproduction_report.downloaded"
NO_BAND = "Not given"


@dataclass
class Cell:
    value: object
    hidden: bool = False
    words: str = FEWER  # what a hidden cell says

    def __str__(self):
        if self.hidden:
            return self.words
        if isinstance(self.value, Decimal):
            return f"{self.value:,.2f}"
        return str(self.value)


def small(n) -> bool:
    return 0 < n < SMALLEST


def young_cells(values: list[int]) -> list[Cell]:
    """Counts of young people in one row that also shows its total: 1s and 2s hidden, and if only
    one is hidden, the next smallest non-zero count too (so subtraction reveals nothing)."""
    cells = [Cell(v, small(v)) for v in values]
    hidden = [c for c in cells if c.hidden]
    if len(hidden) == 1:
        rest = sorted((c for c in cells if not c.hidden and c.value), key=lambda c: c.value)
        if rest:
            rest[0].hidden = True
    return cells


def young_cell(n) -> Cell:
    return Cell(n, small(n))


@dataclass
class Report:
    round: Round
    bands: list[str]
    people: list[dict]  # {"role", "cells": [Cell per band], "total": Cell}
    status: list[dict]  # {"label", "young": Cell, "others": int}
    support: list[dict]
    training: list[dict]  # {"title", "required", "young": Cell, "others": int}
    scoring_young: Cell
    scoring_others: int
    hours: list[dict]  # {"label", "young": Cell, "others": Decimal}
    expenses: dict
    recognition: list[dict]
    consents: list[dict]  # {"label", "given": Cell, "withdrawn": Cell}
    survey: list[dict]  # {"question", "rows": [{"label", "young": Cell, "others": int}]}
    responses: dict  # {"young": Cell, "others": int, "total": int}
    changes: list[str] = field(default_factory=list)
    changes_held_back: bool = False


def _members(round_):
    return list(
        Member.objects.for_round(round_)
        .order_by()
        .values_list(
            "role", "age_band", "status", "recognition", "support_needs", "user__display_name"
        )
    )


def _people(members) -> tuple[list[str], list[dict]]:
    bands = [*AgeBand.values, ""]
    counts = Counter((role, band or "") for role, band, *_ in members)
    rows = []
    for role, label in Role.choices:
        values = [counts[(role, band)] for band in bands]
        total = sum(values)
        if role == Role.YOUNG:
            cells, total_cell = young_cells(values), young_cell(total)
        else:
            cells, total_cell = [Cell(v) for v in values], Cell(total)
        rows.append({"role": label, "cells": cells, "total": total_cell})
    return [*AgeBand.labels, NO_BAND], rows


def _split(members, column, choices) -> list[dict]:
    """Per choice, young panellists (suppressed) and everyone else."""
    young = Counter(m[column] for m in members if m[0] == Role.YOUNG)
    others = Counter(m[column] for m in members if m[0] != Role.YOUNG)
    cells = young_cells([young[value] for value, _ in choices])
    return [
        {"label": label, "young": cell, "others": others[value]}
        for (value, label), cell in zip(choices, cells, strict=True)
    ]


def _support(members) -> list[dict]:
    young, others = Counter(), Counter()
    for role, _band, _status, _rec, needs, _name in members:
        for need in needs or []:
            (young if role == Role.YOUNG else others)[need] += 1
    return [
        {"label": label, "young": young_cell(young[value]), "others": others[value]}
        for value, label in SupportNeed.choices
    ]


def _training(round_) -> list[dict]:
    modules = list(
        Module.objects.filter(round=round_)
        .order_by("order", "pk")
        .values("pk", "title", "required")
    )
    done = defaultdict(Counter)
    rows = (
        ModuleResult.objects.filter(module__round=round_, passed_at__isnull=False)
        .values("module_id", "member__role")
        .annotate(n=Count("member", distinct=True))
        .order_by()
    )
    for row in rows:
        done[row["module_id"]][row["member__role"] == Role.YOUNG] += row["n"]
    practice = Counter()
    for row in (
        PracticeAttempt.objects.filter(practice__round=round_)
        .values("member__role")
        .annotate(n=Count("member", distinct=True))
        .order_by()
    ):
        practice[row["member__role"] == Role.YOUNG] += row["n"]
    out = [
        {
            "title": m["title"],
            "required": m["required"],
            "young": young_cell(done[m["pk"]][True]),
            "others": done[m["pk"]][False],
        }
        for m in modules
    ]
    out.append(
        {
            "title": "The practice bid",
            "required": True,
            "young": young_cell(practice[True]),
            "others": practice[False],
        }
    )
    return out


def _hours(round_) -> list[dict]:
    rows = (
        TimeEntry.objects.filter(member__panel__round=round_)
        .values("kind", "member__role")
        .annotate(total=Sum("hours"), people=Count("member", distinct=True))
        .order_by()
    )
    young, young_people, others = Counter(), Counter(), Counter()
    for row in rows:
        if row["member__role"] == Role.YOUNG:
            young[row["kind"]] += row["total"]
            young_people[row["kind"]] += row["people"]
        else:
            others[row["kind"]] += row["total"]
    out = [
        {
            "label": label,
            "young": Cell(Decimal(young[kind]), small(young_people[kind]), HIDDEN_AMOUNT),
            "others": Decimal(others[kind]),
        }
        for kind, label in TimeKind.choices
    ]
    hidden = any(r["young"].hidden for r in out)
    out.append(
        {
            "label": "All hours",
            # A total beside a hidden figure would give it away by subtraction.
            "young": Cell(
                Decimal(sum(young.values())),
                hidden or small(sum(young_people.values())),
                HIDDEN_AMOUNT,
            ),
            "others": Decimal(sum(others.values())),
        }
    )
    return out


def _expenses(round_) -> dict:
    out = {"young": Cell(Decimal("0")), "others": Decimal("0"), "young_n": Cell(0), "others_n": 0}
    for row in (
        Expense.objects.filter(member__panel__round=round_)
        .values("member__role")
        .annotate(total=Sum("amount"), people=Count("member", distinct=True), n=Count("pk"))
        .order_by()
    ):
        if row["member__role"] == Role.YOUNG:
            hide = small(row["people"])
            out["young"] = Cell(row["total"], hide, HIDDEN_AMOUNT)
            out["young_n"] = Cell(row["people"], hide)
        else:
            out["others"] += row["total"]
            out["others_n"] += row["people"]
    return out


def _consents(round_) -> list[dict]:
    counts = {
        row["kind"]: row
        for row in Consent.objects.filter(member__panel__round=round_)
        .values("kind")
        .annotate(
            given=Count("pk", filter=Q(withdrawn_at=None)),
            withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        )
        .order_by()
    }
    return [
        {
            "label": label,
            "given": young_cell(counts.get(kind, {}).get("given", 0)),
            "withdrawn": young_cell(counts.get(kind, {}).get("withdrawn", 0)),
        }
        for kind, label in ConsentKind.choices
    ]


QUESTIONS = (
    ("worth_time", "Was it worth your time?"),
    ("listened_to", "Did you feel listened to?"),
)


def _survey(round_) -> tuple[list[dict], dict, list[str]]:
    answers = list(
        SurveyResponse.objects.filter(round=round_)
        .order_by("change")
        .values_list("young", "worth_time", "listened_to", "change")
    )
    choices = [*Agreement.choices, ("", "No answer")]
    survey = []
    for index, (_field, question) in enumerate(QUESTIONS, start=1):
        young = Counter(a[index] for a in answers if a[0])
        others = Counter(a[index] for a in answers if not a[0])
        cells = young_cells([young[v] for v, _ in choices])
        rows = [
            {"label": label, "young": cell, "others": others[value]}
            for (value, label), cell in zip(choices, cells, strict=True)
        ]
        survey.append({"question": question, "rows": rows})
    n_young = sum(1 for a in answers if a[0])
    responses = {"young": young_cell(n_young), "others": len(answers) - n_young}
    responses["total"] = len(answers)
    changes = [a[3].strip() for a in answers if a[3].strip()]
    return survey, responses, changes


def _without_names(texts: list[str], members) -> list[str]:
    """Free text with any member's name taken out (people sometimes name each other)."""
    redact = Redactor({m[5]: "[name removed]" for m in members if m[5]})
    return [redact(text) for text in texts]


def build(round_: Round) -> Report:
    """The report (nine queries, whatever the number of members, entries and answers)."""
    members = _members(round_)
    bands, people = _people(members)
    statuses = _split(members, 2, MemberStatus.choices)
    recognition = _split(members, 3, RecognitionChoice.choices)
    scoring = [m for m in members if m[0] in (Role.YOUNG, Role.PROFESSIONAL)]
    survey, responses, changes = _survey(round_)
    enough = responses["total"] >= FREE_TEXT_FROM
    return Report(
        round=round_,
        bands=bands,
        people=people,
        status=statuses,
        support=_support(members),
        training=_training(round_),
        scoring_young=young_cell(sum(1 for m in scoring if m[0] == Role.YOUNG)),
        scoring_others=sum(1 for m in scoring if m[0] != Role.YOUNG),
        hours=_hours(round_),
        expenses=_expenses(round_),
        recognition=recognition,
        consents=_consents(round_),
        survey=survey,
        responses=responses,
        changes=_without_names(changes, members) if enough else [],
        changes_held_back=bool(changes) and not enough,
    )


@transaction.atomic
def record_download(round_: Round, *, by) -> None:
    """Records in the trail that an officer or auditor downloaded the report (allowed after publication:
    monitoring goes on after the decision, so this does not use lock_for_change)."""
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    if not access.round_perms(by, round_) & access.READ:
        raise PermissionDenied("Only the round's officers and auditors can download the report.")
    if round_.stage not in STAGES:
        raise ValidationError("The report starts once the round reaches induction.")
    audit.record(
        DOWNLOADED,
        round=round_,
        actor=by,
        object_type="decisions.coproduction_report",
        object_id=str(round_.pk),
        after={"format": "xlsx"},
    )
