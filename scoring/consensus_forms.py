"""Forms for the consensus meeting: arranging it (officer and chair), naming a deputy chair, the
chair's record of one item and confirming for a member who tells them in the room, and a member's
answers (whether they can come, and confirming the record)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.fields import DateInput
from scoring import consensus
from scoring.forms import TimeInput
from scoring.models import REASON_MAX, Reached
from scoring.scores_with_names import meaning

NOTE_MAX = 300


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

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current  # the meeting as saved, if any

    def clean(self):
        """A new or moved meeting must be in the future; one already held keeps its date."""
        data = super().clean()
        if data.get("on") and data.get("at"):
            starts_at = self._starts_at(data)
            moved = self.current is None or self.current.starts_at != starts_at
            if moved and starts_at <= timezone.now():
                self.add_error(
                    "on", "That date and time have passed. Enter when the meeting will be."
                )
        return data

    @staticmethod
    def _starts_at(data):
        return timezone.make_aware(datetime.datetime.combine(data["on"], data["at"]))

    def arrangements(self) -> dict:
        data = self.cleaned_data
        starts_at = self._starts_at(data)
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
            (m.pk, f"{m.user.display_name} ({m.role_in_brackets})") for m in candidates
        ]


# The chair's record of one item -------------------------------------------------------------------


class RecordForm(forms.Form):
    """One item's record as typed. Nothing is required here: scoring.consensus.save_record checks
    it all and names the field of each problem, so every message sits next to its field. The
    version travels in its own hidden input (a conflict shows the newer one)."""

    def __init__(self, *args, criterion, eligible, **kwargs):
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        super().__init__(*args, **kwargs)
        top = criterion.scale_max
        people = [(str(m.pk), _person(m)) for m in eligible]
        self.fields["score"] = forms.ChoiceField(
            label="The score the panel agreed",
            widget=forms.RadioSelect,
            required=False,
            choices=[
                (str(level), f"{level} – {text}" if text else str(level))
                for level, text in ((lvl, meaning(criterion, lvl)) for lvl in criterion.levels)
            ],
            error_messages={"invalid_choice": f"Choose a score from 0 to {top}."},
        )
        self.fields["rationale"] = forms.CharField(
            label="Why the panel agreed this score",
            help_text="Say what in the bid led the panel to this score, in the panel's words. "
            "This is the record if the decision is ever questioned.",
            widget=forms.Textarea(attrs={"rows": 5}),
            required=False,
        )
        self.fields["key_points"] = forms.CharField(
            label="The points that decided it",
            help_text="A few short points, one a line, if they help.",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["reached"] = forms.ChoiceField(
            label="How the panel reached this score",
            widget=forms.RadioSelect,
            required=False,
            choices=Reached.choices,
            error_messages={"invalid_choice": "Say how the panel reached this score."},
        )
        self.fields["present"] = forms.MultipleChoiceField(
            label="Who was there for this discussion",
            help_text="Everyone ticked here confirms the record afterwards.",
            widget=forms.CheckboxSelectMultiple,
            required=False,
            choices=people,
            error_messages={"invalid_choice": "Choose members of this panel."},
        )
        self.fields["dissent_member"] = forms.ChoiceField(
            label="Someone disagrees with this score (optional)",
            help_text="Their disagreement is written into the record under their name.",
            required=False,
            choices=[("", "Nobody")] + people,
            error_messages={"invalid_choice": "Choose a member who was there."},
        )
        self.fields["dissent_text"] = forms.CharField(
            label="What they disagree with",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )

    def entry(self) -> consensus.Entry:
        data = self.cleaned_data
        score = data.get("score")
        member = data.get("dissent_member")
        return consensus.Entry(
            score=int(score) if score not in (None, "") else None,
            rationale=data.get("rationale", ""),
            key_points=data.get("key_points", ""),
            reached=data.get("reached", ""),
            present=[int(pk) for pk in data.get("present", [])],
            dissent_member=int(member) if member else None,
            dissent_text=data.get("dissent_text", ""),
        )


def record_initial(view, record) -> dict:
    """A RecordForm's starting values: the saved record, or who is expected to be there."""
    if record is None:
        return {"present": [str(pk) for pk in view.default_present]}
    return {
        "score": str(record.score),
        "rationale": record.rationale,
        "key_points": record.key_points,
        "reached": record.reached,
        "present": [str(m.pk) for m in record.present.all()],
    }


class ConfirmForMemberForm(forms.Form):
    """The chair records the answer of a member who tells them in the room."""

    agrees = forms.TypedChoiceField(
        label="Does the member agree the record reflects the discussion?",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[
            ("yes", "Yes, it reflects what the panel discussed"),
            ("no", "No, they want to record a disagreement"),
        ],
        error_messages={"required": "Say whether they agree with the record."},
    )
    dissent = forms.CharField(
        label="What they disagree with (if they do)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=REASON_MAX,
        error_messages={"max_length": f"Keep it under {REASON_MAX:,} characters."},
    )


def _person(member) -> str:
    return f"{member.user.display_name} ({member.role_in_brackets})"


# A member's answers -------------------------------------------------------------------------------


class AttendanceForm(forms.Form):
    """The button pressed says which: "I cannot come" (can_attend=no) or "I can come after all"."""

    can_attend = forms.ChoiceField(
        choices=[("yes", "I can come"), ("no", "I cannot come")], required=False
    )
    note = forms.CharField(
        label="Anything the chair or the officer should know",
        help_text="For example, why you cannot come, or that you will be late.",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note under {NOTE_MAX} characters."},
    )

    def clean(self):
        data = super().clean()
        if data.get("can_attend") not in ("yes", "no"):
            raise ValidationError("Press “I cannot come” or “I can come after all”.")
        return data


class ConfirmForm(forms.Form):
    """A member confirms the lot's record, or says what they disagree with."""

    agrees = forms.ChoiceField(
        label="Does this record reflect the panel's discussion?",
        choices=[("yes", "Yes"), ("no", "No, I disagree")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the record reflects the panel's discussion."},
    )
    dissent = forms.CharField(
        label="If you chose No: what do you disagree with?",
        help_text="Say which bid and question, and why. The chair and the officer read it, "
        "and it is kept with the record.",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Keep it under {REASON_MAX:,} characters."},
    )

    def clean(self):
        data = super().clean()
        if data.get("agrees") == "no" and not (data.get("dissent") or "").strip():
            self.add_error("dissent", "Say what you disagree with in the record.")
        return data
