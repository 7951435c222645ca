import django_tables2 as tables

from bids.models import Bid

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class BidTable(tables.Table):
    reference = tables.Column(linkify=True, verbose_name="Reference")
    alias = tables.Column(verbose_name="Panel name")
    lot = tables.Column(accessor="lot__number", verbose_name="Lot", attrs=NUM)
    organisation = tables.Column()
    title = tables.Column()
    amount_requested = tables.TemplateColumn(
        '{{ value|money }}{% if record.over_budget %}<br><strong class="flag">Over the lot\'s '
        "budget</strong>{% endif %}",
        verbose_name="Amount",
        attrs=NUM,
    )
    status = tables.Column()

    class Meta:
        model = Bid
        fields = (
            "reference",
            "alias",
            "lot",
            "organisation",
            "title",
            "amount_requested",
            "status",
        )
        template_name = "tables/table.html"
        empty_text = "No bids match."
        attrs = {"class": "table"}
        order_by = ("reference",)
