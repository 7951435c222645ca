"""{% load clock %}: times of day written one way everywhere (config/clock.py)."""

from django import template

from config import clock as clock_text

register = template.Library()


@register.filter
def clock(value):
    """{{ meeting.starts_at|clock }} -> "5pm"."""
    return clock_text.clock(value)


@register.filter
def when(value, day_format="j F Y"):
    """{{ signed_at|when }} -> "1 December 2026, 5pm"."""
    return clock_text.when(value, day_format)


@register.filter
def day_at(value, day_format="l j F Y"):
    """{{ due_at|day_at }} -> "Tuesday 1 December 2026 at 5pm"."""
    return clock_text.day_at(value, day_format)


@register.filter
def duration(value):
    """{{ 1.5|duration }} -> "1 hour 30 minutes"."""
    return clock_text.duration(value)
