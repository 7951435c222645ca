"""A panel member checks the lot's record after the panel's discussion and confirms it, or says
what they disagree with. Only members the chair recorded as present confirm, and only once every
item has an agreed score. The same rules as the member's other meeting pages
(scoring/consensus_member_views.py): the membership and lot come from
scoring/consensus_member_access.py (404 for anyone else), a bid the member is kept away from is
never named, and other members' dissents carry no name.
Thin: parse, call one service (scoring.consensus), render.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.models import Stage
from config.views import call_service
from scoring import consensus
from scoring import consensus_policy as policy
from scoring.consensus_forms import ConfirmForm
from scoring.consensus_member_access import Seeing, lot_of, member_for
from scoring.scores_without_names import bid_label, dissent_lines

# Checking and confirming the lot's record -----------------------------------------------------------


@dataclass
class RecordBid:
    name: str
    rows: list  # (criterion number, criterion, record, dissent lines)


def _refusal(member, state) -> str:
    if member.panel.round.stage != Stage.CONSENSUS:
        return "You can confirm the record only while the panel's meeting is open."
    if member.pk not in {m.pk for m in state.present}:
        return (
            "Only members the chair recorded as being at the discussion confirm the record. "
            "If you were there, ask the chair to add you."
        )
    if not state.complete:
        left = len(state.missing)
        return (
            "The record is not finished yet: the panel still has to agree "
            f"{left} score{'' if left == 1 else 's'}. Come back when the chair says it is ready."
        )
    return ""


def _record_bids(member, state, seeing) -> tuple[list, int]:
    round_ = member.panel.round
    by_bid: dict = {}
    kept_away = set()
    numbers: dict = {}
    for item in state.items:
        numbers.setdefault(item.criterion.pk, len(numbers) + 1)
        if seeing.kept_away(item.bid.pk):
            kept_away.add(item.bid.pk)
            continue
        record = state.records.get(item.key)
        entry = by_bid.setdefault(item.bid.pk, RecordBid(bid_label(item.bid, round_), []))
        entry.rows.append(
            (numbers[item.criterion.pk], item.criterion, record, dissent_lines(record, member))
        )
    return list(by_bid.values()), len(kept_away)


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request, member_pk, lot_pk):
    member = member_for(request, member_pk)
    lot = lot_of(member, lot_pk)
    state = consensus.lot_record(lot)
    refusal = _refusal(member, state)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if refusal:
            status = 409
        elif form.is_valid():
            agrees = form.cleaned_data["agrees"] == "yes"
            ok, _ = call_service(
                form,
                consensus.confirm,
                lot,
                member,
                by=request.user,
                agrees=agrees,
                dissent=form.cleaned_data["dissent"],
            )
            if ok:
                messages.success(
                    request,
                    f"Thank you. You confirmed the record for {lot}."
                    if agrees
                    else f"Thank you. Your disagreement with the record for {lot} is written down.",
                )
                return redirect(f"{reverse('scoring:meeting', args=[member.pk])}#lot-{lot.pk}")
            status = 400
        else:
            status = 400
    bids, kept_away = [], 0
    if member.panel.round.stage in policy.READ_STAGES:
        bids, kept_away = _record_bids(member, state, Seeing.of(member, [lot]))
    return render(
        request,
        "scoring/consensus/member_confirm.html",
        {
            "member": member,
            "round": member.panel.round,
            "lot": lot,
            "state": state,
            "bids": bids,
            "kept_away": kept_away,
            "refusal": refusal,
            "form": form,
            "confirmation": state.confirmations.get(member.pk),
        },
        status=status,
    )
