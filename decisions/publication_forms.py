"""Forms for sign-off, publication and the procurement dates. The services in decisions.signoff,
decisions.procurement and commissioning.services decide what is allowed and say why."""

from django import forms

from config.fields import DateInput


def DateField(**kwargs):  # noqa: N802 - a field factory read like a field class
    return forms.DateField(
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 2027-03-15."},
        **kwargs,
    )


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label="I confirm the statement above",
        required=True,
        error_messages={"required": "Tick the box to say you confirm the statement."},
    )


class PublishForm(forms.Form):
    agree = forms.BooleanField(
        label="I understand that once published, nothing in this round can change",
        required=True,
        error_messages={"required": "Tick the box to say you understand publishing is final."},
    )


class ProcurementForm(forms.Form):
    summaries_sent_on = DateField(
        label="Assessment summaries sent to every bidder on",
        required=False,
        help_text="Each bidder is told their scores and why, before the contract award notice.",
    )
    award_notice_on = DateField(
        label="Contract award notice published on",
        required=False,
        help_text="The standstill period of 8 working days begins on this day.",
    )
    contract_on = DateField(
        label="Contract entered into on",
        required=False,
        help_text="Only after the standstill period ends. The contract details notice is due "
        "within 30 days of it.",
    )
