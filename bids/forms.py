from django import forms

from bids.models import Bid, BidStatus, HelpKind
from bids.services import answerable_criteria
from config.fields import MoneyField


class BidForm(forms.ModelForm):
    """One bid with the lot's questions laid out, each answer as the bidder wrote it."""

    amount_requested = MoneyField(label="Amount requested (£)")

    class Meta:
        model = Bid
        fields = [
            "organisation",
            "title",
            "summary",
            "amount_requested",
            "contact_name",
            "contact_email",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        labels = {"contact_name": "Contact name", "contact_email": "Contact email"}

    def __init__(self, *args, lot, **kwargs):
        super().__init__(*args, **kwargs)
        self.lot = lot
        answers = {}
        if self.instance.pk:
            answers = {a.criterion_id: a.text for a in self.instance.answers.all()}
        self.criteria = list(answerable_criteria(lot))
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                label=criterion.title,
                help_text=criterion.question_formal,
                required=False,
                initial=answers.get(criterion.pk, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=20000,
            )

    def answers(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"answer_{c.pk}", "") for c in self.criteria}

    def bid_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        choices=[
            (BidStatus.RECEIVED, "Received: the bid goes to the panel"),
            (BidStatus.NON_COMPLIANT, "Non-compliant: it breaks the rules of the round"),
            (BidStatus.WITHDRAWN, "Withdrawn by the bidder"),
        ],
    )
    reason = forms.CharField(
        label="Why?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for non-compliant and withdrawn bids. It is kept in the decision trail.",
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text="PDF, Word (.docx), OpenDocument (.odt) or Excel (.xlsx), up to 20 MB.",
        error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."},
    )


class ReadingHelpForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of help", widget=forms.RadioSelect, choices=HelpKind.choices
    )
    text = forms.CharField(
        label="Text",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For a summary or easy-read version. Keep it impartial: describe, do not judge.",
    )
    video_url = forms.URLField(
        label="Video link",
        required=False,
        assume_scheme="https",
        help_text="For a short video, e.g. https://video.example.org/bid-c",
        error_messages={"invalid": "Enter a web address, like https://video.example.org/bid-c"},
    )


class ClarificationForm(forms.Form):
    question = forms.CharField(
        label="Question to the bidder", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="The bidder's answer", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
