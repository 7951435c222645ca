"""The consensus meeting: the chair's pages. The chair runs the meeting from a laptop: their lots,
each lot's agenda (items whose scores are far apart first), and one bid with every score and the
member who gave it, with the form recording the panel's agreed score for each item.

What the chair does to one item (recording it, ticking it, "show this on everyone's screen") is
scoring/consensus_chair_item_views.py's; what they do for a whole lot (confirming for a member, the
meeting's arrangements) is scoring/consensus_chair_lot_views.py's; who reaches any of these pages
is scoring/consensus_chair_access.py's. Stage: before consensus the bid pages say the
meeting is not open; after it they are read-only. Thin: read, render.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning.models import Stage
from scoring import consensus_chair_access as access
from scoring import consensus_policy as policy
from scoring.agenda import bid_label, lot_agenda
from scoring.consensus_forms import RecordForm, record_initial
from scoring.consensus_progress import lots_progress
from scoring.scores_with_names import bid_view, dissents

AGENDA_PAGE = 100  # items per page of a lot's agenda

# The chair's lots ----------------------------------------------------------------------------------


@login_required
@require_GET
def lots(request, member_pk):
    chair = access.chair(request, member_pk)
    round_ = chair.panel.round
    return render(
        request,
        "scoring/consensus/chair_lots.html",
        access.context(
            chair,
            lots=lots_progress(chair.panel.lots().order_by("number")),
            open=round_.stage == Stage.CONSENSUS,
            readable=round_.stage in policy.READ_STAGES,
        ),
    )


# A lot's agenda ------------------------------------------------------------------------------------


@login_required
@require_GET
def agenda(request, member_pk, lot_pk):
    chair = access.chair(request, member_pk)
    lot = access.lot(chair, lot_pk)
    if lot.round.stage not in policy.READ_STAGES:
        return access.not_open(request, chair, lot=lot)
    agenda = lot_agenda(chair, lot)
    return render(
        request,
        "scoring/consensus/chair_agenda.html",
        access.context(
            chair,
            lot=lot,
            agenda=agenda,
            # A lot can have a thousand items: the table shows them a page at a time, flagged
            # items first, so the page stays quick to load and to read on a phone.
            page=Paginator(agenda.rows, AGENDA_PAGE).get_page(request.GET.get("page")),
            open=lot.round.stage == Stage.CONSENSUS,
        ),
    )


# One bid -------------------------------------------------------------------------------------------


def _wanted(request):
    raw = request.GET.get("criterion", "")
    return int(raw) if raw.isdigit() else None


@login_required
@require_GET
def bid(request, member_pk, bid_pk):
    member, bid = access.chairing(request, member_pk, bid_pk)
    round_ = bid.lot.round
    if round_.stage not in policy.READ_STAGES:
        return access.not_open(request, member, bid=bid)
    all_criteria = policy.panel_criteria(bid.lot)
    wanted = _wanted(request)
    criteria = all_criteria if wanted is None else [c for c in all_criteria if c.pk == wanted]
    if not criteria and wanted is not None:
        raise Http404("Not a question the panel scores")
    view = bid_view(bid, criteria, blind=round_.blind_review)
    open_ = round_.stage == Stage.CONSENSUS
    sections = []
    for item in view.items:
        form = None
        if open_:
            form = RecordForm(
                criterion=item.criterion,
                eligible=view.eligible,
                initial=record_initial(view, item.record),
            )
        sections.append(
            {
                "item": item,
                "form": form,
                "version": item.record.version if item.record else 0,
                "dissents": dissents(view, item.record),
            }
        )
    return render(
        request,
        "scoring/consensus/chair_bid.html",
        access.context(
            member,
            bid=bid,
            lot=bid.lot,
            name=bid_label(bid, round_),
            view=view,
            sections=sections,
            all_criteria=all_criteria,
            wanted=wanted,
            open=open_,
        ),
    )
