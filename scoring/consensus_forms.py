"""Forms for arranging the consensus meeting (officer and chair) and naming a deputy chair."""

import datetime

from django import forms
from django.utils import timezone

from config.fields import DateInput
from scoring.forms import TimeInput
from scoring.models import REASON_MAX


class MeetingForm(forms.Form):
    """When and where a lot's meeting is. Times are UK time."""

    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter a real date, for example 12 March 2027.",
        },
    )
    at = forms.TimeField(
        label="Start time",
        widget=TimeInput(),
        initial=datetime.time(16, 30),
        help_text="UK time, 24-hour clock. After 4pm on a school day, or a Saturday, suits most "
        "young people.",
        error_messages={
            "required": "Enter the start time, for example 16:30.",
            "invalid": "Enter a time like 16:30 or 10:00.",
        },
    )
    place = forms.CharField(
        label="Place",
        required=False,
        max_length=300,
        help_text="The room and building, with its address. Leave empty if the meeting is online.",
    )
    video_link = forms.CharField(
        label="Video link",
        required=False,
        max_length=200,
        help_text="For anyone joining online. It must start with https://",
    )
    bring = forms.CharField(
        label="What to bring",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support_arranged = forms.CharField(
        label="Support arranged for everyone",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="All members see this, so say nothing about one person here: for example "
        "“Taxis home for anyone leaving after 6pm; a quiet room next door.”",
    )

    @classmethod
    def initial_for(cls, meeting) -> dict:
        if meeting is None or meeting.starts_at is None:
            return {}
        local = timezone.localtime(meeting.starts_at)
        return {
            "on": local.date(),
            "at": local.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "bring": meeting.bring,
            "support_arranged": meeting.support_arranged,
        }

    def arrangements(self) -> dict:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["on"], data["at"]))
        return {
            "starts_at": starts_at,
            "place": data["place"],
            "video_link": data["video_link"],
            "bring": data["bring"],
            "support_arranged": data["support_arranged"],
        }


class DeputyForm(forms.Form):
    member = forms.TypedChoiceField(
        label="Who chairs this bid instead?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who chairs this bid.",
            "invalid_choice": "Choose a member from the list.",
        },
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        help_text="Kept in the decision trail, for example “The chair's sister works for this "
        "organisation.”",
        error_messages={"required": "Say why this member chairs the bid."},
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            (m.pk, f"{m.user.display_name} ({m.get_role_display().lower()})") for m in candidates
        ]
