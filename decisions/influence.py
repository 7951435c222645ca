"""How the panellists' views influenced the agreed scores: the influence report for the officer,
the auditor and the chair, and the one rule "You said, we did" uses for each panellist.

An *item* is a (bid, question) pair with an agreed score (a consensus record). The panel *moved
towards* a view (one member's score, or a group's median) when the agreed score is closer to that
view than the median of the other scorers' scores on the item was; *away* when it is further;
*level* when it is as close (for example when everyone gave the same score). Only submitted score
sheets count, as in the meeting (decisions.results.individual_scores).

Per group (young panellists, professionals) the report uses the group's median score per item:
how often it was within one point of the agreed score, and on which items the panel moved towards
or away from the young panellists' median (compared with the median of everyone else who scored
the item). Three queries, whatever the round's size (one more for the survey, decisions.survey).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from decisions import totals
from panels.models import Role
from scoring.models import ConsensusRecord, CriterionScore, SheetStatus

TOWARDS, AWAY, LEVEL = "towards", "away", "level"
ONE = Decimal("1")
GROUPS = ((Role.YOUNG, "Young panellists"), (Role.PROFESSIONAL, "Professionals"))


def median(scores) -> Decimal | None:
    return totals.roll_up(list(scores), "median")


def direction(view, agreed, others_median) -> str:
    """TOWARDS when `agreed` is closer to `view` than `others_median` (the median of the other
    scorers' scores) was, AWAY when further, LEVEL when as close or when nobody else scored."""
    if view is None or agreed is None or others_median is None:
        return LEVEL
    after, before = abs(Decimal(agreed) - Decimal(view)), abs(Decimal(others_median) - view)
    if after < before:
        return TOWARDS
    if after > before:
        return AWAY
    return LEVEL


@dataclass
class Item:
    """One (bid, question) with an agreed score, and each group's median beside the others'."""

    lot_number: int
    lot_name: str
    bid_reference: str
    criterion_title: str
    agreed: int
    medians: dict = field(default_factory=dict)  # role -> the group's median, or None
    others: dict = field(default_factory=dict)  # role -> median of everyone outside the group

    @property
    def lot(self) -> str:
        return f"Lot {self.lot_number}: {self.lot_name}"

    def direction(self, role) -> str:
        return direction(self.medians.get(role), self.agreed, self.others.get(role))

    def within_one(self, role) -> bool:
        m = self.medians.get(role)
        return m is not None and abs(Decimal(self.agreed) - m) <= ONE

    @property
    def young_median(self):
        return self.medians.get(Role.YOUNG)

    @property
    def young_others(self):
        return self.others.get(Role.YOUNG)

    @property
    def young_direction(self) -> str:
        return self.direction(Role.YOUNG)


@dataclass
class GroupSummary:
    role: str
    label: str
    scored: int = 0  # items where the group gave at least one score
    within_one: int = 0  # ... whose median was within one point of the agreed score
    towards: int = 0
    away: int = 0

    @property
    def percent(self) -> int | None:
        if not self.scored:
            return None
        return round(100 * self.within_one / self.scored)


@dataclass
class Report:
    items: list[Item]
    groups: list[GroupSummary]
    survey: object = None  # decisions.survey.SurveySummary, added by the pages

    @property
    def young_moved(self) -> list[Item]:
        """Items where moderation moved towards or away from the young panellists' median."""
        return [i for i in self.items if i.young_direction != LEVEL]

    @property
    def young_towards(self) -> list[Item]:
        return [i for i in self.items if i.young_direction == TOWARDS]

    @property
    def young_away(self) -> list[Item]:
        return [i for i in self.items if i.young_direction == AWAY]


def _scores(round_, lot_ids):
    """(bid pk, criterion pk) -> [(role, score)] from submitted sheets: one query."""
    rows = CriterionScore.objects.filter(
        sheet__assignment__bid__lot__round=round_,
        sheet__status=SheetStatus.SUBMITTED,
        score__isnull=False,
    )
    if lot_ids is not None:
        rows = rows.filter(sheet__assignment__bid__lot_id__in=lot_ids)
    out = defaultdict(list)
    fields = ("sheet__assignment__bid_id", "criterion_id", "sheet__assignment__member__role")
    for bid, criterion, role, score in rows.values_list(*fields, "score"):
        out[(bid, criterion)].append((role, score))
    return out


def _records(round_, lot_ids):
    rows = ConsensusRecord.objects.filter(bid__lot__round=round_)
    if lot_ids is not None:
        rows = rows.filter(bid__lot_id__in=lot_ids)
    return rows.order_by("bid__lot__number", "bid__number", "criterion__order", "criterion_id")


def influence(round_, lot_ids=None) -> Report:
    """The report for the whole round, or for the lots `lot_ids` (a chair's panel): two queries."""
    scores = _scores(round_, lot_ids)
    items = []
    fields = ("bid_id", "criterion_id", "score", "bid__reference", "bid__lot__number")
    for bid, criterion, agreed, reference, number, name, title in _records(
        round_, lot_ids
    ).values_list(*fields, "bid__lot__name", "criterion__title"):
        given = scores.get((bid, criterion), [])
        item = Item(number, name, reference, title, agreed)
        for role, _label in GROUPS:
            item.medians[role] = median(s for r, s in given if r == role)
            item.others[role] = median(s for r, s in given if r != role)
        items.append(item)
    groups = []
    for role, label in GROUPS:
        summary = GroupSummary(role, label)
        for item in items:
            if item.medians[role] is None:
                continue
            summary.scored += 1
            summary.within_one += item.within_one(role)
            way = item.direction(role)
            summary.towards += way == TOWARDS
            summary.away += way == AWAY
        groups.append(summary)
    return Report(items=items, groups=groups)
