"""Forms for a panellist's scoring pages. They parse input; the rules live in scoring/services.py.

The sheet's fields are named after the service's error keys (`c<pk>_score`, `c<pk>_reason`), so an
error the service raises lands next to the field it is about, and the error summary links to it.
"""

import re

from django import forms

from scoring.models import REASON_MAX
from scoring.services import Entry

FIELD = re.compile(r"^c(\d{1,18})_(score|reason)$")


def score_field(criterion) -> str:
    return f"c{criterion.pk}_score"


def reason_field(criterion) -> str:
    return f"c{criterion.pk}_reason"


def score_choices(criterion) -> list[tuple]:
    """Each level labelled with what it means, so the meaning of a "3" is always on screen."""
    plain = {d.score: d.text_plain for d in criterion.descriptors.all()}
    return [
        (str(level), f"{level} – {plain[level]}" if plain.get(level) else str(level))
        for level in criterion.levels
    ]


def _to_int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class SheetForm(forms.Form):
    """A score and a reason for each criterion the panel scores, and the version the page showed.
    Pass/fail checks are never on a sheet: officers answer them (decisions/).

    Nothing here is required: a draft may be saved half done. `entries()` also carries any field
    posted for a criterion that is not on this sheet, so the service can refuse it by name.
    """

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            top = criterion.scale_max
            self.fields[score_field(criterion)] = forms.ChoiceField(
                label=f"Your score for: {criterion.title}",
                widget=forms.RadioSelect,
                required=False,
                choices=score_choices(criterion),
                error_messages={"invalid_choice": f"Choose a score from 0 to {top}."},
            )
            self.fields[reason_field(criterion)] = forms.CharField(
                label="Why did you give this score?",
                help_text="Say what in the bid made you choose it. A few sentences is plenty.",
                widget=forms.Textarea(attrs={"rows": 4, "data-limit": REASON_MAX}),
                required=False,
                strip=True,
            )

    def groups(self):
        """(criterion, score field, reason field) in the order the rubric asks them."""
        return [(c, self[score_field(c)], self[reason_field(c)]) for c in self.criteria]

    def entries(self) -> dict[int, Entry]:
        """What was typed, as the service takes it. Call after is_valid()."""
        data = self.cleaned_data
        entries = {}
        for criterion in self.criteria:
            chosen = data.get(score_field(criterion)) or ""
            reason = data.get(reason_field(criterion)) or ""
            entries[criterion.pk] = Entry(score=_to_int(chosen), reason=reason)
        for pk, kind, value in self.foreign_fields():
            entry = entries.setdefault(pk, Entry())
            if kind == "score":
                entry.score = _to_int(value)
            else:
                entry.reason = str(value)
        return entries

    def foreign_fields(self) -> list[tuple[int, str, str]]:
        """(criterion pk, "score" or "reason", value) posted for criteria not on this sheet."""
        if not self.is_bound:
            return []
        mine = {c.pk for c in self.criteria}
        found = []
        for name in self.data:
            match = FIELD.match(name)
            if match and int(match[1]) not in mine:
                found.append((int(match[1]), match[2], self.data.get(name)))
        return found


def initial_from(scores) -> dict:
    """The form's starting values from saved CriterionScore rows (a row an earlier sheet kept for
    a pass/fail check has no field on the form, so it is never shown)."""
    initial = {}
    for row in scores:
        if row.score is not None:
            initial[f"c{row.criterion_id}_score"] = str(row.score)
        initial[f"c{row.criterion_id}_reason"] = row.reason
    return initial


def unanswered(criteria) -> dict:
    """Every field of a sheet not started yet, as services.missing_answers names them."""
    return {name: "" for c in criteria for name in (score_field(c), reason_field(c))}


class SubmitForm(forms.Form):
    """The check page's one field: the version of the sheet the panellist checked."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
