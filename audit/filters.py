import django_filters
from django import forms

from audit.actions import describe
from audit.models import AuditEvent


class TrailFilter(django_filters.FilterSet):
    actor = django_filters.ChoiceFilter(label="Who", empty_label="Anyone")
    action = django_filters.ChoiceFilter(label="What happened", empty_label="Any action")
    object_type = django_filters.ChoiceFilter(label="Kind of thing", empty_label="Anything")
    object_id = django_filters.CharFilter(label="Its id")
    after = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    before = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "object_type", "object_id", "after", "before"]

    def __init__(self, *args, actor_names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        # Without order_by() the model's ordering (chain, seq) joins the DISTINCT and every event
        # becomes an option. One per person, ordered by name then reference: a fixed order even
        # when two people share a name.
        events = self.queryset.order_by()
        refs = events.values_list("actor", flat=True).distinct()
        self.filters["actor"].extra["choices"] = sorted(
            ((ref, actor_names.get(ref, ref)) for ref in refs),
            key=lambda c: (c[1].casefold(), c[0]),
        )
        actions = events.order_by("action").values_list("action", flat=True).distinct()
        self.filters["action"].extra["choices"] = sorted(
            ((a, describe(a)) for a in actions), key=lambda c: (c[1].casefold(), c[0])
        )
        self.filters["object_type"].extra["choices"] = [
            (t, t.split(".")[-1])
            for t in events.order_by("object_type").values_list("object_type", flat=True).distinct()
        ]
