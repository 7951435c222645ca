import unicodedata
from html import escape  # what django.utils.html.escape calls, without its lazy wrapper

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from audit.actions import describe
from audit.models import AuditEvent


class TrailTable(tables.Table):
    seq = tables.Column(verbose_name="#", attrs={"td": {"class": "num"}})
    at = tables.DateTimeColumn(verbose_name="When (UK time)", format="j M Y, H:i:s")
    actor = tables.Column(verbose_name="Who")
    action = tables.Column(verbose_name="What")
    object_type = tables.Column(verbose_name="About", orderable=False)
    changes = tables.Column(
        verbose_name="Change and reason", orderable=False, accessor="pk", empty_values=()
    )

    class Meta:
        model = AuditEvent
        fields = ("seq", "at", "actor", "action", "object_type")
        template_name = "tables/table.html"
        empty_text = "No events match."
        attrs = {"class": "table table--trail"}
        order_by = ("seq",)

    def __init__(self, *args, actor_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor_names = actor_names or {}

    def render_actor(self, value):
        return self.actor_names.get(value, value)

    def render_action(self, value):
        # Words first; the code the chain hashes (and the exports carry) stays visible below.
        return format_html('{}<span class="caption trail-code">{}</span>', describe(value), value)

    def render_changes(self, record):
        return changes_html(record)

    def render_object_type(self, value, record):
        if value == "accounts.user":
            return f"person: {self.actor_names.get(f'user:{record.object_id}', record.object_id)}"
        return f"{value.split('.')[-1]} {record.object_id}"


# An event's reason and changed fields, built in Python: a page is 50 events with up to a dozen
# changed fields each, and a template per cell was most of the trail page's time. The markup is
# what audit/_changes.html wrote (tests/test_trail_changes.py holds them side by side).
SHOWN = 200  # characters of a value before it is cut with "…"; the export carries it whole


def _shown(value) -> str:
    """As `default_if_none:"—"|truncatechars:200` gave it: NFC-normalised, cut past 200."""
    text = "—" if value is None else str(value)
    normal = unicodedata.normalize("NFC", text)
    return escape(normal if len(normal) <= SHOWN else Truncator(text).chars(SHOWN))


def changes_html(event) -> str:
    reason = (
        f'<p class="reason"><strong>Reason:</strong> {escape(event.reason)}</p>'
        if event.reason
        else ""
    )
    rows = event.changed_fields
    if not rows:
        return mark_safe(reason)  # noqa: S308 - escaped above
    fields = "".join(
        f'<div><dt>{escape(key)}</dt><dd><span class="visually-hidden">was </span>'
        f'<del>{_shown(old)}</del> <span class="visually-hidden">now </span>'
        f"<ins>{_shown(new)}</ins></dd></div>"
        for key, old, new in rows
    )
    plural = "" if len(rows) == 1 else "s"
    return mark_safe(  # noqa: S308 - every value above is escaped
        f"{reason}<details><summary>{len(rows)} field{plural} changed</summary>"
        f'<dl class="diff">{fields}</dl></details>'
    )
