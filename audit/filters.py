import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count

from audit.actions import describe
from audit.models import AuditEvent

# Remembered per trail head: a new event changes the head, so the next view counts again.
OPTIONS_SECONDS = 24 * 3600


def _options_key(round_, head):
    seq, digest = head[0], head[1]
    return f"audit:trail-options:v1:round:{round_.pk}:{seq}:{digest}"


def trail_options(round_, head) -> dict:
    """The trail filter's options for a round, and its number of events: {"actors": [...],
    "actions": [...], "object_types": [...], "events": n}.

    One GROUP BY over the round's events (a large round has ~90,000 of them, and one DISTINCT per
    filter read them all each time), remembered under the chain's head `(seq, hash, ...)` as the
    trail page's verification reads it (audit/verified.py): a new event is a new head and so a new
    count. Read the head before calling this, never after, so options are never older than their
    key."""
    key = _options_key(round_, head) if head and head[0] else None
    options = cache.get(key) if key else None
    if options is None:
        rows = (
            AuditEvent.objects.for_round(round_)
            .order_by()  # the model's ordering (chain, seq) would join the GROUP BY
            .values_list("actor", "action", "object_type")
            .annotate(n=Count("pk"))
        )
        actors, actions, object_types, events = set(), set(), set(), 0
        for actor, action, object_type, n in rows:
            actors.add(actor)
            actions.add(action)
            object_types.add(object_type)
            events += n
        options = {
            "actors": sorted(actors),
            "actions": sorted(actions),
            "object_types": sorted(object_types),
            "events": events,
        }
        if key:
            cache.set(key, options, OPTIONS_SECONDS)
    return options


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

    def __init__(self, *args, actor_names: dict[str, str], options: dict, **kwargs):
        """`options` is trail_options(round_, head) for the queryset's round."""
        super().__init__(*args, **kwargs)
        # One per person, ordered by name then reference: a fixed order even when two people
        # share a name.
        self.filters["actor"].extra["choices"] = sorted(
            ((ref, actor_names.get(ref, ref)) for ref in options["actors"]),
            key=lambda c: (c[1].casefold(), c[0]),
        )
        self.filters["action"].extra["choices"] = sorted(
            ((a, describe(a)) for a in options["actions"]), key=lambda c: (c[1].casefold(), c[0])
        )
        self.filters["object_type"].extra["choices"] = [
            (t, t.split(".")[-1]) for t in options["object_types"]
        ]

    @property
    def unfiltered(self) -> bool:
        """True when no filter narrows the trail (the page's count is then the options' count)."""
        if not self.is_bound:
            return True
        return self.is_valid() and not any(
            value not in (None, "") for value in self.form.cleaned_data.values()
        )
