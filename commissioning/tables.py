import django_tables2 as tables

from commissioning.models import Lot, Round


class RoundTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Round")
    stage = tables.Column()
    total_budget = tables.TemplateColumn(
        "{{ value|money }}",
        verbose_name="Budget",
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    lot_count = tables.Column(
        verbose_name="Lots", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    starts_on = tables.DateColumn(verbose_name="Starts", format="j M Y")

    class Meta:
        model = Round
        fields = ("name", "stage", "mode", "total_budget", "lot_count", "starts_on")
        template_name = "tables/table.html"
        empty_text = "No rounds match."
        attrs = {"class": "table"}
        orderable = True


class LotTable(tables.Table):
    number = tables.Column(verbose_name="Lot", attrs={"td": {"class": "num"}})
    name = tables.Column()
    budget = tables.TemplateColumn(
        "{{ value|money }}", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    rubric = tables.Column(linkify=True, default="Not chosen yet")
    actions = tables.TemplateColumn(
        template_name="commissioning/_lot_actions.html", verbose_name="Actions", orderable=False
    )

    class Meta:
        model = Lot
        fields = ("number", "name", "budget", "rubric")
        template_name = "tables/table.html"
        empty_text = "No lots yet."
        attrs = {"class": "table"}
        orderable = False
