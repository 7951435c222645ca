"""Forms for a panel member's own pages. Rules live in panels/services/; these only parse."""

from django import forms
from django.contrib.auth import password_validation

from accounts.models import User
from panels.models import (
    CONFLICT_QUESTIONS,
    AgeBand,
    Answer,
    ConsentKind,
    RecognitionChoice,
    SupportNeed,
)

BENEFITS_NOTICE = (
    "Being paid can affect benefits you or your family get. Before you choose payment, ask "
    "Citizens Advice or your benefits adviser. You can choose something else, or nothing."
)


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under some options (the GOV.UK "radios with hints" pattern)."""

    option_template_name = "panels/member/_radio_option.html"

    def __init__(self, *args, hints: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        return option


class AcceptForm(forms.Form):
    """Sets up the account of someone invited who does not have one yet."""

    display_name = forms.CharField(
        label="What should we call you?",
        max_length=150,
        help_text="Other panel members and officers will see this name. It can be your first name.",
        error_messages={"required": "Enter the name you would like us to use."},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text="At least 8 characters. Do not use a common word or your name.",
        error_messages={"required": "Choose a password."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        error_messages={"required": "Type the password again, so we know it is right."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first:
            person = User(email=self.email, display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(first, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same. Type them again.")
        return data


class JoinForm(forms.Form):
    """A logged-in person says yes: no fields, just the button."""


class ProfileForm(forms.Form):
    age_band = forms.ChoiceField(
        label="How old are you?",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        help_text="We ask so we know if a parent or carer needs to agree to you taking part.",
        error_messages={"required": "Choose your age group."},
    )
    support_needs = forms.MultipleChoiceField(
        label="What would help you take part?",
        choices=SupportNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that help. You can change this at any time.",
    )
    support_other = forms.CharField(
        label="Anything else that would help",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a quiet room or meetings after school.",
    )


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you giving consent for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the consent is for."},
    )
    given_by_name = forms.CharField(
        label="Name of the parent or carer",
        max_length=150,
        required=False,
        help_text="Only for a parent's or carer's consent.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    relationship = forms.CharField(
        label="Who they are to you",
        max_length=80,
        required=False,
        help_text="Only for a parent's or carer's consent. For example: mum, dad, foster carer.",
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ConsentKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]
        if ConsentKind.PARENT not in kinds:
            del self.fields["given_by_name"]
            del self.fields["relationship"]


class ConfirmForm(forms.Form):
    """A yes-I-am-sure page: no fields."""


def _answer_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[(Answer.NO, "No"), (Answer.YES, "Yes"), (Answer.NOT_SURE, "Not sure")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Yes, No or Not sure."},
    )


class DeclarationForm(forms.Form):
    """The four questions about one organisation. The page has one of these for each organisation,
    each with its own prefix (org1, org2, ...)."""

    def __init__(self, *args, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for key, question in CONFLICT_QUESTIONS.items():
            self.fields[key] = _answer_field(question)
        self.fields["details"] = forms.CharField(
            label="Anything you want to tell us about this organisation",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="For example, how you know them. Only officers read this.",
        )

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in CONFLICT_QUESTIONS}

    def changed_from(self, declarations) -> bool:
        """True when saving would say something new: a bid not yet declared, or other answers."""
        if not declarations or any(d is None for d in declarations):
            return True
        current = declarations[0]
        return (
            current.answers != self.answers()
            or current.details != self.cleaned_data["details"].strip()
        )


class RecognitionForm(forms.Form):
    recognition = forms.ChoiceField(
        label="How would you like to be thanked for your time?",
        widget=HintedRadioSelect(
            hints={
                RecognitionChoice.PAYMENT: BENEFITS_NOTICE,
                RecognitionChoice.ACCREDITATION: "For example, for the Duke of Edinburgh's Award or "
                "a school or college award. Your certificate shows the hours you gave.",
                RecognitionChoice.NONE: "You can change your mind later.",
            }
        ),
        choices=[c for c in RecognitionChoice.choices if c[0]],
        error_messages={"required": "Choose one of the options."},
    )
