"""Forms for "You said, we did": the officer's message to the panel and the panellist's survey.
They parse what was typed; decisions.feedback and decisions.survey decide what is allowed."""

from django import forms

from decisions.feedback import MESSAGE_MAX
from decisions.models import Agreement
from decisions.survey import CHANGE_MAX


class MessageForm(forms.Form):
    message = forms.CharField(
        label="Your message to the panel",
        help_text=(
            "It heads every panellist's “You said, we did” page once the round is published. "
            "Write as you would speak to a 16-year-old: thank them, and say what happens next."
        ),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write your message to the panel.",
            "max_length": f"Keep it under {MESSAGE_MAX:,} characters.",
        },
    )


def _agreement(label):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers."},
    )


class SurveyForm(forms.Form):
    worth_time = _agreement("Was taking part worth your time?")
    listened_to = _agreement("Did you feel listened to?")
    change = forms.CharField(
        label="What should change next time?",
        help_text=f"Anything at all. Up to {CHANGE_MAX:,} characters.",
        required=False,
        max_length=CHANGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Keep it under {CHANGE_MAX:,} characters."},
    )
