import django_filters
from django.db.models import Q

from commissioning.models import Mode, Round, Stage


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name contains")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any stage")
    mode = django_filters.ChoiceFilter(choices=Mode.choices, empty_label="Any mode")

    class Meta:
        model = Round
        fields = ["q", "stage", "mode"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))
