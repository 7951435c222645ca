"""Form fields shared across apps."""

from decimal import Decimal, InvalidOperation

from django import forms


class MoneyField(forms.DecimalField):
    """Pounds and pence. Accepts "£1,400,000" or "250000.50"; refuses negatives and fractions of a penny."""

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
