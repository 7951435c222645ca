from django import forms
from django.contrib.auth.forms import AuthenticationForm


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


def throttle_key(request, credentials=None) -> str:
    """The name django-axes counts failures under: the email as typed, lower-cased, so that
    "Officer@…" and "officer@…" share one counter."""
    source = credentials if credentials else getattr(request, "POST", {})
    return (source.get("username") or "").strip().lower()
