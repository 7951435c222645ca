import django_filters
from django import forms
from django.db.models import Q

from bids.models import Bid, BidStatus
from config.fields import MoneyField


class MoneyFilter(django_filters.NumberFilter):
    field_class = MoneyField


class BidFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Organisation or title contains")
    lot = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any lot")
    status = django_filters.ChoiceFilter(choices=BidStatus.choices, empty_label="Any status")
    min_amount = MoneyFilter(field_name="amount_requested", lookup_expr="gte", label="From (£)")
    max_amount = MoneyFilter(field_name="amount_requested", lookup_expr="lte", label="To (£)")

    class Meta:
        model = Bid
        fields = ["q", "lot", "status", "min_amount", "max_amount"]

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["lot"].queryset = round_.lots.all()
        self.form.fields["lot"].widget = forms.Select(choices=self.form.fields["lot"].choices)

    def search(self, queryset, name, value):
        return queryset.filter(Q(organisation__icontains=value) | Q(title__icontains=value))
