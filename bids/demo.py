"""The demo's bids: three to five a lot (bids/demo_bids.py), added through the services so the
trail is real, each with an easy-read summary as reading help (bids/demo_easy_read.py). Running it
again adds nothing."""

from bids import services
from bids.demo_bids import DEMO_BIDS
from bids.demo_easy_read import EASY_READ
from bids.models import Bid, HelpKind


def seed(round_, officer):
    """Answers are matched to the lot's criteria by title."""
    for lot in round_.lots.select_related("rubric"):
        if lot.bids.exists() or lot.name not in DEMO_BIDS:
            continue
        by_title = {c.title: c.pk for c in services.answerable_criteria(lot)}
        for spec in DEMO_BIDS[lot.name]:
            fields = {k: v for k, v in spec.items() if k != "answers"}
            answers = {by_title[t]: text for t, text in spec["answers"].items() if t in by_title}
            services.add_bid(lot, by=officer, answers=answers, **fields)
    _add_easy_read(round_, officer)


def _add_easy_read(round_, officer):
    """Reading help can only be added while bids are open (every panellist sees the same)."""
    if not services.bids_open(round_):
        return
    bids = Bid.objects.filter(lot__round=round_, title__in=EASY_READ).exclude(
        reading_help__kind=HelpKind.EASY_READ
    )
    for bid in bids.order_by("lot__number", "number"):
        services.add_reading_help(
            bid, by=officer, kind=HelpKind.EASY_READ, text=EASY_READ[bid.title]
        )
