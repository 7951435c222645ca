"""Forms for the chair's and the officer's scoring pages (the panellist's are in member_forms.py)."""

import datetime
import re

from django import forms
from django.utils import timezone

from config.fields import DateInput
from scoring.models import REASON_MAX

MAX_REMINDER_HOURS = 24 * 28  # four weeks before the deadline is the earliest reminder
MAX_REMINDERS = 5


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this sheet?",
        help_text="The panellist sees this, and it is kept in the decision trail. Say what you "
        "would like them to look at again, for example a reason that repeats what the score means.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX,
        error_messages={
            "required": "Say why the sheet is being reopened.",
            "max_length": f"Keep the reason under {REASON_MAX:,} characters.",
        },
    )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DeadlineForm(forms.Form):
    """The scoring deadline (a date and a time, in UK time) and when reminders go out."""

    due_date = forms.DateField(
        label="Date scoring closes",
        widget=DateInput(),
        help_text="For example, 26 March 2027.",
        error_messages={
            "required": "Enter the date scoring closes.",
            "invalid": "Enter a real date, for example 26 March 2027.",
        },
    )
    due_time = forms.TimeField(
        label="Time scoring closes",
        widget=TimeInput(),
        initial=datetime.time(17, 0),
        help_text="UK time, 24-hour clock, for example 17:00.",
        error_messages={
            "required": "Enter the time scoring closes, for example 17:00.",
            "invalid": "Enter a time like 17:00 or 09:30.",
        },
    )
    reminder_hours = forms.CharField(
        label="Send reminders this many hours before the deadline",
        required=False,
        help_text="Whole numbers separated by commas, for example 72, 24. Members with sheets "
        "still to submit get an email at each time. Leave empty to send no reminders.",
        max_length=100,
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def clean_reminder_hours(self):
        raw = self.cleaned_data["reminder_hours"].strip()
        if not raw:
            return []
        parts = [p for p in re.split(r"[,\s]+", raw) if p]
        hours = []
        for part in parts:
            if not (part.isascii() and part.isdigit()):  # "²" is a digit to isdigit, not to int
                raise forms.ValidationError(
                    f"“{part}” is not a whole number of hours. Use numbers like 72, 24."
                )
            value = int(part)
            if not 1 <= value <= MAX_REMINDER_HOURS:
                raise forms.ValidationError(
                    f"Each reminder must be between 1 and {MAX_REMINDER_HOURS} hours (four "
                    f"weeks) before the deadline; {value} is not."
                )
            hours.append(value)
        hours = sorted(set(hours), reverse=True)
        if len(hours) > MAX_REMINDERS:
            raise forms.ValidationError(f"Choose up to {MAX_REMINDERS} reminder times.")
        return hours

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("due_date"), cleaned.get("due_time")
        if day is None or time is None:
            return cleaned
        due_at = timezone.make_aware(datetime.datetime.combine(day, time))
        if due_at <= self.now:
            # A typo (last year, a morning instead of an evening) would otherwise close scoring
            # at once: closing scoring early is a stage move with a reason, not a deadline.
            self.add_error(
                "due_date",
                "The deadline must be in the future. To close scoring now, move the round to "
                "consensus from the round's page.",
            )
        cleaned["due_at"] = due_at
        return cleaned
