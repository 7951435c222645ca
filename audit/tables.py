import django_tables2 as tables
from django.utils.html import format_html

from audit.actions import describe
from audit.models import AuditEvent


class TrailTable(tables.Table):
    seq = tables.Column(verbose_name="#", attrs={"td": {"class": "num"}})
    at = tables.DateTimeColumn(verbose_name="When (UK time)", format="j M Y, H:i:s")
    actor = tables.Column(verbose_name="Who")
    action = tables.Column(verbose_name="What")
    object_type = tables.Column(verbose_name="About", orderable=False)
    changes = tables.TemplateColumn(
        template_name="audit/_changes.html",
        verbose_name="Change and reason",
        orderable=False,
        accessor="pk",
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

    def render_object_type(self, value, record):
        if value == "accounts.user":
            return f"person: {self.actor_names.get(f'user:{record.object_id}', record.object_id)}"
        return f"{value.split('.')[-1]} {record.object_id}"
