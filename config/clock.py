"""One way to write a time of day across the app, the GOV.UK way: "5pm", "5:30pm", "midday",
"midnight" (issue 17: pages said "5pm" in one place and "17:00" in another). Templates use the
`clock` and `when` filters (config/templatetags/clock.py); Python code calls these."""

from datetime import datetime, time

from django.utils import timezone
from django.utils.dateformat import format as date_format


def clock(value) -> str:
    """A time of day: "9am", "5:30pm", "midday", "midnight". An aware datetime is shown in UK time."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if not isinstance(value, time):
        return str(value)
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{value.hour % 12 or 12}{minutes}{'am' if value.hour < 12 else 'pm'}"


def when(value, day_format="j F Y") -> str:
    """A day and its time: "1 December 2026, 5pm" (day_format is Django's date format)."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, day_format)}, {clock(local)}"


def day_at(value, day_format="l j F Y") -> str:
    """A day and its time in a sentence: "Tuesday 1 December 2026 at 5pm"."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, day_format)} at {clock(local)}"


def duration(hours) -> str:
    """Hours as people say them: 1.5 -> "1 hour 30 minutes", 2 -> "2 hours", 0.25 -> "15 minutes"
    (a certificate said "1.50 hours")."""
    if hours in (None, ""):
        return ""
    minutes = round(float(hours) * 60)
    whole, rest = divmod(minutes, 60)
    parts = []
    if whole:
        parts.append(f"{whole} hour{'s' if whole != 1 else ''}")
    if rest or not whole:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)
