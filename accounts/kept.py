"""Typing kept through a log-in, and nothing else (issue 16).

A signed-in person whose session runs out while they type loses nothing: their next POST arrives
anonymous, so the page keeps what they typed in the session, sends them to log in, and puts it
back in the form afterwards. Only that: an anonymous POST used to be stored whatever it held, so
anyone could fill session rows (40 POSTs, 8 MB in one).

- Only for someone who was signed in: the form carries a signed token naming the user and the
  page it was served to (`token_for`); without a valid one for this address nothing is kept.
- Capped: one entry per session (a later one replaces it), at most MAX_BYTES as stored.
- Gone after the log-in it was for: a log-in by anyone else drops it at once; after the right
  log-in it comes back once on its page (`take`) and the next other page drops it
  (`KeptTypingMiddleware`, after the authentication middleware).
"""

import json

from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.dispatch import receiver

KEY = "accounts.kept"
FIELD = "kept_for"  # the form's hidden field carrying the token
SALT = "accounts.kept"
MAX_BYTES = 256 * 1024  # 13 reasons of 4,000 characters fit, unless all in non-Latin script
TOKEN_MAX_AGE = 7 * 24 * 60 * 60  # a tab may stay open for days before its session runs out
_FRESH = "_kept_logged_in_now"


def token_for(request) -> str:
    """For a signed-in person's form: proves to `keep` who it was served to, and where."""
    return signing.dumps([request.user.pk, request.path], salt=SALT, compress=True)


def _owner(request) -> int | None:
    try:
        user_pk, path = signing.loads(request.POST.get(FIELD, ""), salt=SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return user_pk if path == request.path else None


def keep(request, fields: dict) -> bool:
    """Keeps `fields` (already reduced to the form's own) for the user the form was served to."""
    owner = _owner(request)
    if owner is None:
        return False
    entry = {"user": owner, "path": request.path, "fields": fields}
    if len(json.dumps(entry, separators=(",", ":"))) > MAX_BYTES:
        request.session.pop(KEY, None)
        return False
    request.session[KEY] = entry
    return True


def take(request) -> dict | None:
    """The fields kept for this user on this page, once, after their log-in; None otherwise."""
    entry = request.session.get(KEY)
    if entry is None or entry.get("path") != request.path:
        return None
    del request.session[KEY]
    if entry.get("logged_in") and entry.get("user") == request.user.pk:
        return entry["fields"]
    return None


@receiver(user_logged_in, dispatch_uid="accounts.kept")
def _after_log_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    entry = session.get(KEY) if session is not None else None
    if entry is None:
        return
    if entry.get("user") != user.pk or entry.get("logged_in"):
        del session[KEY]
        return
    session[KEY] = {**entry, "logged_in": True}
    setattr(request, _FRESH, True)


class KeptTypingMiddleware:
    """Drops kept typing that its log-in has been and gone without using."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or getattr(request, _FRESH, False):
            return response
        entry = session.get(KEY)
        if entry is not None and entry.get("logged_in"):
            del session[KEY]
        return response
