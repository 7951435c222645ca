"""Form fields shared across apps."""

import re
from decimal import Decimal, InvalidOperation

from django import forms

# How an amount is typed: digits and at most one point, nothing else. Checked before the text
# becomes a Decimal, so "1e400000000" (which Decimal takes as 400 million digits) never does.
TYPED_AMOUNT = re.compile(r"-?[0-9]*\.?[0-9]*")
MAX_TYPED = 30


class MoneyField(forms.DecimalField):
    """Pounds and pence. Accepts "£1,400,000" or "250000.50"; refuses negatives and fractions of a
    penny, and anything that is not typed as plain digits (exponents such as 1e5 included)."""

    default_error_messages = {
        "invalid": "Enter an amount in pounds, like 250000 or 250000.50.",
        "max_decimal_places": "Enter the amount to the nearest penny (no more than 2 decimal places).",
        "min_value": "Enter an amount of £0 or more.",
        "max_digits": "That amount is too large.",
        "max_whole_digits": "That amount is too large.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)
        self.widget = forms.TextInput(
            attrs={"inputmode": "decimal", "class": "input--money", "autocomplete": "off"}
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
            if not TYPED_AMOUNT.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if len(value) > MAX_TYPED:
                raise forms.ValidationError(self.error_messages["max_digits"], code="max_digits")
        try:
            return super().to_python(value)
        except InvalidOperation as exc:  # pragma: no cover - DecimalField already maps this
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def reason_field(label="Why is this change needed?", required=True):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept in the decision trail with the change.",
        max_length=2000,
    )
