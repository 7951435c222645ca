from django import forms

from commissioning.models import (
    Criterion,
    CriterionKind,
    Lot,
    OfficerMethod,
    Round,
    Rubric,
    SetupState,
    weight_text,
)
from commissioning.services import ROUND_FIELDS
from config.fields import DateInput, MoneyField, reason_field

OVERRIDE_LABEL = "Why must the method change after it was fixed?"


class MethodForm(forms.ModelForm):
    """Adds a required reason when the round has left draft (the method is then fixed)."""

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        if round_ is not None and round_.setup_state == SetupState.OVERRIDE:
            self.fields["reason"] = reason_field(OVERRIDE_LABEL)


class RoundForm(MethodForm):
    total_budget = MoneyField(label="Total budget (£)")

    class Meta:
        model = Round
        fields = ROUND_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "mode": forms.RadioSelect,
            "aggregation": forms.RadioSelect,
            "tie_break": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "mode": "Procurement mode applies the duties of the Procurement Act 2023.",
            "aggregation": "Must be chosen before the round leaves draft.",
            "tie_break": "What happens when two bids have the same total. Must be chosen before "
            "the round leaves draft.",
        }

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, round_=round_, **kwargs)
        self.fields["aggregation"].choices = self.fields["aggregation"].choices[1:]
        self.fields["tie_break"].choices = self.fields["tie_break"].choices[1:]
        self.fields["mode"].choices = [c for c in self.fields["mode"].choices if c[0]]
        self.fields["divergence_percent"].required = False  # left empty: the default

    def clean_divergence_percent(self):
        value = self.cleaned_data.get("divergence_percent")
        if value is None:
            return self.instance.divergence_percent or 40
        return value

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date.")
        return data


class LotForm(MethodForm):
    budget = MoneyField(label="Budget (£)")

    class Meta:
        model = Lot
        fields = ["name", "description", "budget", "rubric"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, round_=round_, **kwargs)
        self.fields["rubric"].queryset = round_.rubrics.all()
        self.fields["rubric"].empty_label = "Not chosen yet"


class RubricCreateForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the rubric")
    source = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        choices=[
            ("starter", "The starter rubric for youth services (written in plain English)"),
            ("copy", "A rubric from another round"),
            ("blank", "A blank rubric"),
        ],
        initial="starter",
    )
    copy_from = forms.ModelChoiceField(
        queryset=Rubric.objects.none(),
        required=False,
        label="Rubric to copy",
        empty_label="Choose a rubric",
    )
    lots = forms.ModelMultipleChoiceField(
        queryset=Lot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Use it for these lots",
        help_text="You can change this later on each lot.",
    )

    def __init__(self, *args, round_, copyable, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.fields["copy_from"].queryset = copyable
        self.fields["copy_from"].label_from_instance = lambda r: f"{r.name} ({r.round.name})"
        self.fields["lots"].queryset = round_.lots.all()
        if round_.setup_state == SetupState.OVERRIDE:
            self.fields["reason"] = reason_field(OVERRIDE_LABEL)

    def clean(self):
        data = super().clean()
        if data.get("source") == "copy" and not data.get("copy_from"):
            self.add_error("copy_from", "Choose the rubric to copy.")
        return data


class RubricRenameForm(MethodForm):
    class Meta:
        model = Rubric
        fields = ["name"]


class CriterionForm(MethodForm):
    """A criterion with a description of every score level, in both registers."""

    class Meta:
        model = Criterion
        fields = [
            "kind",
            "title",
            "question_formal",
            "question_plain",
            "guidance",
            "weight",
            "scale_max",
            "minimum_score",
            "officer_method",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "officer_method": forms.RadioSelect,
            "question_formal": forms.Textarea(attrs={"rows": 3}),
            "question_plain": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "weight": "Out of 100 for the whole rubric. Pass or fail criteria have no weight.",
            "scale_max": "Scores run from 0 to this number. Usually 5.",
            "officer_method": "Only for officer-only criteria.",
        }

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, round_=round_, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        self.fields["officer_method"].choices = list(OfficerMethod.choices)
        self.fields["officer_method"].required = False
        self.fields["weight"].error_messages["invalid"] = "Enter the weight as a number, like 20."
        self.scale = self._scale()
        descriptors = {}
        if self.instance.pk:
            descriptors = {d.score: d for d in self.instance.descriptors.all()}
        self.level_names = []
        for level in range(0, self.scale + 1):
            existing = descriptors.get(level)
            formal = f"level_{level}_formal"
            plain = f"level_{level}_plain"
            self.fields[formal] = forms.CharField(
                label=f"What a {level} means (published to bidders)",
                required=False,
                initial=existing.text_formal if existing else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[plain] = forms.CharField(
                label=f"What a {level} means (plain English for panellists)",
                required=False,
                initial=existing.text_plain if existing else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.level_names.append((level, formal, plain))

    def _scale(self) -> int:
        raw = self.data.get(self.add_prefix("scale_max")) if self.is_bound else None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = self.instance.scale_max if self.instance.pk else 5
        return min(max(value, 1), 10)

    def level_fields(self):
        return [(level, self[formal], self[plain]) for level, formal, plain in self.level_names]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        scale = data.get("scale_max")
        if kind == CriterionKind.OFFICER and not data.get("officer_method"):
            self.add_error("officer_method", "Choose how an officer scores this criterion.")
        minimum = data.get("minimum_score")
        if minimum is not None and scale is not None and minimum > scale:
            self.add_error(
                "minimum_score", f"The minimum score cannot be above the highest score ({scale})."
            )
        needs = kind == CriterionKind.SCORED or (
            kind == CriterionKind.OFFICER and data.get("officer_method") == OfficerMethod.MANUAL
        )
        if needs and scale is not None:
            for level, formal, plain in self.level_names:
                if level > scale:
                    continue
                if not (data.get(formal) or "").strip():
                    self.add_error(formal, f"Describe what a score of {level} means for bidders.")
                if not (data.get(plain) or "").strip():
                    self.add_error(
                        plain, f"Describe what a score of {level} means in plain English."
                    )
        return data

    def descriptors(self):
        data = self.cleaned_data
        return [
            (level, data[formal].strip(), data[plain].strip())
            for level, formal, plain in self.level_names
            if (data.get(formal) or "").strip() or (data.get(plain) or "").strip()
        ]

    def service_fields(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["officer_method"] = data["officer_method"] or ""
        return data


class WeightsForm(forms.Form):
    def __init__(self, *args, rubric: Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(rubric.criteria.exclude(kind=CriterionKind.PASS_FAIL))
        for criterion in self.criteria:
            self.fields[f"weight_{criterion.pk}"] = forms.DecimalField(
                label=criterion.title,
                initial=criterion.weight,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                error_messages={
                    "invalid": "Enter the weight as a number, like 20.",
                    "min_value": "A weight cannot be below 0.",
                    "max_value": "A weight cannot be above 100.",
                },
            )
        if rubric.round.setup_state == SetupState.OVERRIDE:
            self.fields["reason"] = reason_field(OVERRIDE_LABEL)

    def clean(self):
        data = super().clean()
        weights = self.weights()
        if len(weights) == len(self.criteria):
            total = sum(weights.values())
            if total != 100:
                raise forms.ValidationError(
                    f"The weights add up to {weight_text(total)}. They must add up to exactly 100."
                )
        return data

    def weights(self):
        return {
            c.pk: self.cleaned_data[f"weight_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"weight_{c.pk}") is not None
        }


class StageForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    expected_from = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why must the round go back?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="This is kept in the decision trail.",
    )


class RemoveForm(forms.Form):
    """Confirms a removal; asks for a reason only when the method is fixed."""

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        if round_.setup_state == SetupState.OVERRIDE:
            self.fields["reason"] = reason_field(OVERRIDE_LABEL)


class AccessForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    role = forms.ChoiceField(
        label="What they can do",
        widget=forms.RadioSelect,
        choices=[
            ("audit_round", "Auditor: read everything and the decision trail, change nothing"),
            ("manage_round", "Officer: run this round"),
        ],
    )
