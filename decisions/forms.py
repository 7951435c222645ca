"""Forms for the results pages: an officer's checks and scores for one bid, an award, the order of
tied bids, and the chair's advice. They parse what was typed; the services in decisions.checks and
decisions.awards decide what is allowed and name the field of each problem."""

from django import forms

from config.fields import MoneyField
from decisions.models import REASON_MAX, Decision

PASS, FAIL = "pass", "fail"


class _Unmarked:
    """A field shown without "(optional)" that still accepts nothing: the item it belongs to may
    be left for later, but once answered the service requires it (and says so beside it)."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class AnswerField(_Unmarked, forms.CharField):
    pass


class ChoiceAnswerField(_Unmarked, forms.ChoiceField):
    pass


def _reason(label, help_text="", required=False, field=forms.CharField):
    return field(
        label=label,
        required=required,
        help_text=help_text,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep it under {REASON_MAX:,} characters."},
    )


class ChecksForm(forms.Form):
    """Every pass/fail check and every officer-scored (manual) criterion of one bid. Nothing is
    required here: an item left empty is simply not answered yet, and the services refuse an item
    answered by halves beside its field."""

    def __init__(self, *args, checks, manual, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for criterion in checks:
            self.fields[f"passed_{criterion.pk}"] = ChoiceAnswerField(
                label=f"Does the bid pass “{criterion.title}”?",
                widget=forms.RadioSelect,
                choices=[(PASS, "Yes, it passes"), (FAIL, "No, it fails")],
                error_messages={"invalid_choice": "Choose yes or no."},
            )
            self.fields[f"reason_{criterion.pk}"] = _reason(
                "Why?",
                "Say what you saw in the bid: it is recorded and shown with the result.",
                field=AnswerField,
            )
            self.items.append(("check", criterion, f"passed_{criterion.pk}"))
        for criterion in manual:
            meanings = {d.score: d.text_formal for d in criterion.descriptors.all()}
            self.fields[f"score_{criterion.pk}"] = ChoiceAnswerField(
                label=f"Your score for “{criterion.title}”",
                widget=forms.RadioSelect,
                choices=[
                    (
                        str(level),
                        f"{level} – {meanings[level]}" if level in meanings else str(level),
                    )
                    for level in criterion.levels
                ],
                error_messages={
                    "invalid_choice": f"Choose a score from 0 to {criterion.scale_max}."
                },
            )
            self.fields[f"reason_{criterion.pk}"] = _reason(
                "Why this score?", "It is recorded and shown with the result.", field=AnswerField
            )
            self.items.append(("score", criterion, f"score_{criterion.pk}"))

    def rows(self):
        """(kind, criterion, answer field, reason field) for the template, in order."""
        return [(kind, c, self[name], self[f"reason_{c.pk}"]) for kind, c, name in self.items]

    def answered(self):
        """(kind, criterion, value, reason) for each item with anything typed or chosen."""
        out = []
        for kind, criterion, name in self.items:
            value = self.cleaned_data.get(name) or ""
            reason = self.cleaned_data.get(f"reason_{criterion.pk}") or ""
            if not value and not reason.strip():
                continue
            if kind == "check":
                value = {PASS: True, FAIL: False}.get(value)
            else:
                value = int(value) if value else None
            out.append((kind, criterion, value, reason))
        return out

    def add_item_errors(self, criterion, kind, error):
        """Puts a service's refusal for one item next to that item's fields."""
        answer = f"passed_{criterion.pk}" if kind == "check" else f"score_{criterion.pk}"
        names = {"passed": answer, "score": answer, "reason": f"reason_{criterion.pk}"}
        if hasattr(error, "error_dict"):
            for key, messages in error.error_dict.items():
                self.add_error(names.get(key, answer), messages)
        else:
            self.add_error(answer, error)


class AwardForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=Decision.choices,
        error_messages={
            "required": "Choose awarded, reserve or not funded.",
            "invalid_choice": "Choose awarded, reserve or not funded.",
        },
    )
    amount = MoneyField(
        label="Amount awarded (£)",
        required=False,
        help_text="Only for an award. Pounds and pence, for example 45000 or £45,000.00.",
    )
    reason = _reason(
        "Reason", "Shown with the decision wherever it appears, and kept in the decision trail."
    )

    def __init__(self, *args, reason_needed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_needed:
            self.fields["reason"] = _reason(
                "Reason (needed to award this bid)",
                "Say why it is funded ahead of the bids ranked higher. It is shown with the award "
                "wherever it appears, and kept in the decision trail.",
                field=AnswerField,
            )

    def clean(self):
        data = super().clean()
        awarded = data.get("decision") == Decision.AWARDED
        if awarded and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "Give the amount awarded in pounds and pence.")
        return data


class TieForm(forms.Form):
    """The panel's order for tied bids: a select per position, each bid once, and the reason."""

    def __init__(self, *args, tied, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a bid")] + [(str(r.bid.pk), f"{r.bid.reference}") for r in tied]
        self.tied = tied
        for position in range(1, len(tied) + 1):
            self.fields[f"place_{position}"] = forms.ChoiceField(
                label=f"Ranked {position}",
                choices=choices,
                error_messages={
                    "required": f"Choose the bid ranked {position}.",
                    "invalid_choice": f"Choose the bid ranked {position}.",
                },
            )
        self.fields["reason"] = _reason(
            "Why did the panel put them in this order?",
            "It is recorded and shown beside the ranking.",
            required=True,
        )
        self.fields["reason"].error_messages["required"] = (
            "Say why the panel put the bids in this order."
        )

    def clean(self):
        data = super().clean()
        seen = {}
        for position in range(1, len(self.tied) + 1):
            name = f"place_{position}"
            value = data.get(name)
            if not value:
                continue
            if value in seen:
                self.add_error(name, f"This bid is already ranked {seen[value]}: choose each once.")
            else:
                seen[value] = position
        return data

    def order(self) -> list[int]:
        return [int(self.cleaned_data[f"place_{p}"]) for p in range(1, len(self.tied) + 1)]


class AdviceForm(forms.Form):
    text = _reason(
        "The panel's advice on these results",
        "For the officers deciding the awards: what the panel would like them to weigh, in a few "
        "sentences. It is recorded in the decision trail.",
    )
    text.widget.attrs["rows"] = 6
