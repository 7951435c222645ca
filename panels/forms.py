"""Forms for the officer's panel pages. They parse input; panels.services decides what is allowed."""

from django import forms

from config.fields import DateInput, MoneyField
from panels.models import (
    DEFAULT_DECIDES,
    DEFAULT_DOES_NOT_DECIDE,
    ConsentKind,
    MemberStatus,
    Outcome,
    Role,
    TimeKind,
)

ROLE_CHOICES = [
    (Role.YOUNG, "Young panellist: scores bids after finishing induction"),
    (Role.PROFESSIONAL, "Professional panellist: scores bids after finishing induction"),
    (Role.OBSERVER, "Observer: watches the panel's work but does not score"),
    (Role.MODERATOR, "Chair (moderator): runs the consensus meeting; a panel has one chair"),
]


def _text(label, rows=3, max_length=2000, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class PanelForm(forms.Form):
    name = forms.CharField(label="Name of the panel", max_length=120)
    lot = forms.ModelChoiceField(
        label="Which bids does it score?",
        queryset=None,
        required=False,
        empty_label="Every lot that has no panel of its own",
        help_text="Most rounds have one panel for every lot. A lot can have its own panel.",
    )
    decides = _text(
        "What the panel decides",
        rows=4,
        help_text="Shown to every member in plain words.",
    )
    does_not_decide = _text(
        "What the panel does not decide",
        rows=4,
        help_text="For example: the council checks the winners and signs the contracts.",
    )
    scorers_per_bid = forms.IntegerField(
        label="Scorers for each bid",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Leave empty for everyone on the panel to score every bid.",
        error_messages={
            "invalid": "Enter a whole number, like 3, or leave it empty.",
            "min_value": "Enter 1 or more, or leave it empty.",
            "max_value": "Enter 99 or fewer.",
        },
    )

    def __init__(self, *args, round_, panel=None, **kwargs):
        if panel is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": panel.name,
                    "decides": panel.decides,
                    "does_not_decide": panel.does_not_decide,
                    "scorers_per_bid": panel.scorers_per_bid,
                },
            )
        else:
            kwargs.setdefault(
                "initial",
                {
                    "name": "Youth panel",
                    "decides": DEFAULT_DECIDES,
                    "does_not_decide": DEFAULT_DOES_NOT_DECIDE,
                },
            )
        super().__init__(*args, **kwargs)
        if panel is not None:
            del self.fields["lot"]  # a panel's lot is fixed once it exists
        else:
            self.fields["lot"].queryset = round_.lots.all()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="We send them a link that works once and stops working after 14 days.",
        error_messages={"invalid": "Enter an email address, like name@example.org."},
    )
    display_name = forms.CharField(
        label="Their name", max_length=150, help_text="The name we use in the email."
    )
    role = forms.ChoiceField(
        label="Their role on the panel", widget=forms.RadioSelect, choices=ROLE_CHOICES
    )


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="They must already have an account. Invite anyone who does not.",
        error_messages={"invalid": "Enter an email address, like name@example.org."},
    )
    role = forms.ChoiceField(
        label="Their role on the panel", widget=forms.RadioSelect, choices=ROLE_CHOICES
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Are they taking part?",
        widget=forms.RadioSelect,
        choices=[
            (MemberStatus.ACTIVE, "Taking part: they can score the bids assigned to them"),
            (MemberStatus.EXCLUDED, "Not scoring: they keep their account but open no bids"),
            (MemberStatus.LEFT, "Left the panel"),
        ],
    )
    reason = _text(
        "Why?",
        required=False,
        help_text="Needed unless they are taking part. It is kept in the decision trail.",
    )


class TimeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was the time for?", widget=forms.RadioSelect, choices=TimeKind.choices
    )
    hours = forms.DecimalField(
        label="Hours",
        max_digits=5,
        decimal_places=2,
        help_text="For example 1.5 for an hour and a half.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--money"}),
        error_messages={
            "invalid": "Enter a number of hours, like 2 or 1.5.",
            "max_decimal_places": "Enter hours to 2 decimal places at most, like 1.25.",
            "max_digits": "Enter between 0.25 and 24 hours.",
            "max_whole_digits": "Enter between 0.25 and 24 hours.",
        },
    )
    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date."},
    )
    note = forms.CharField(label="Note", max_length=200, required=False)


class ExpenseForm(forms.Form):
    description = forms.CharField(
        label="What was it for?", max_length=200, help_text="For example: bus fare to the meeting."
    )
    amount = MoneyField(label="Amount (£)")
    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date."},
    )


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the consent for?",
        widget=forms.RadioSelect,
        choices=[
            (ConsentKind.PHOTOS, "Photos of them may be used"),
            (ConsentKind.QUOTES, "Things they say may be quoted, without their name"),
            (
                ConsentKind.PARENT,
                "A parent or carer agrees to them taking part: needed for anyone under 16",
            ),
        ],
    )
    given_by_name = forms.CharField(
        label="Name of the parent or carer",
        max_length=150,
        required=False,
        help_text="Needed for a parent's or carer's consent.",
    )
    relationship = forms.CharField(
        label="Who they are to the panellist",
        max_length=80,
        required=False,
        help_text="For example: mum, dad, foster carer.",
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What do you decide?",
        widget=forms.RadioSelect,
        choices=[
            (Outcome.EXCLUDED, "Keep them away from this bid: they will not see or score it"),
            (Outcome.ALLOWED, "Allow it, with a safeguard that keeps the scoring fair"),
        ],
    )
    mitigation = _text(
        "The safeguard",
        required=False,
        help_text="Needed if you allow it. For example: a second scorer reads the bid too.",
    )
    reason = _text(
        "Why?",
        help_text="This is kept in the decision trail with the decision.",
        error_messages={"required": "Say why: the reason is kept with the decision."},
    )

    def clean(self):
        # panels.services.decide_conflict has the same rule; checking it here too means every
        # problem is shown at once, not the safeguard only after the reason is fixed.
        data = super().clean()
        if data.get("outcome") == Outcome.ALLOWED and not (data.get("mitigation") or "").strip():
            self.add_error("mitigation", "Say what safeguard makes it fair, like a second scorer.")
        return data


class AssessmentForm(forms.Form):
    text = _text(
        "Conflicts assessment",
        rows=12,
        max_length=20000,
        help_text="What conflicts could arise in this round and how they are managed "
        "(Procurement Act 2023, section 83). Each saved version is kept.",
    )


class PlanForm(forms.Form):
    """How many scorers each bid gets, chosen on the assignments page (a GET form)."""

    how = forms.ChoiceField(
        label="Who scores each bid?",
        widget=forms.RadioSelect,
        choices=[
            (
                "everyone",
                "Everyone on the panel scores every bid, except where they have a conflict",
            ),
            ("some", "A set number of scorers for each bid, shared out evenly"),
        ],
    )
    scorers = forms.IntegerField(
        label="Scorers for each bid",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Only if you chose a set number.",
        error_messages={
            "invalid": "Enter a whole number, like 3.",
            "min_value": "Enter 1 or more.",
            "max_value": "Enter 99 or fewer.",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("how") == "some" and not data.get("scorers") and "scorers" not in self.errors:
            self.add_error("scorers", "Enter how many people should score each bid.")
        return data

    def scorers_per_bid(self) -> int | None:
        if self.cleaned_data.get("how") == "some":
            return self.cleaned_data["scorers"]
        return None


class ApplyForm(forms.Form):
    """The plan the officer checked, in hidden fields: applying refuses a plan that has changed."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    scorers = forms.CharField(widget=forms.HiddenInput, required=False)

    def scorers_per_bid(self) -> int | None:
        raw = (self.cleaned_data.get("scorers") or "").strip()
        return int(raw) if raw.isdigit() and 0 < int(raw) < 100 else None
