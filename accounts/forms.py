from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by email, with plain messages."""

    error_messages = {
        "invalid_login": "The email address or password is not right. Check them and try again.",
        "inactive": "This account has been closed.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        # No autofocus: it would skip keyboard users past the skip link and screen-reader users
        # past the page's heading (DESIGN.md section 9).
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def clean(self):
        """A failed log-in is about the fields, not the form (GOV.UK): the message sits beside the
        email address, which the error summary links to, and both fields are marked invalid."""
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("username", error)
            self.fields["password"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{self['username'].auto_id}_error"}
            )
            return self.cleaned_data


def throttle_key(request, credentials=None) -> str:
    """The name django-axes counts failures under: the email as typed, lower-cased, so that
    "Officer@…" and "officer@…" share one counter."""
    source = credentials if credentials else getattr(request, "POST", {})
    return (source.get("username") or "").strip().lower()
