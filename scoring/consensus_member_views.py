"""A panel member's pages for the panel's meeting (issue 12): when and where it is and whether they
can come, and the panel's scores for a bid without names. Checking and confirming the lot's record
is scoring/consensus_member_record_views.py's; the presentation view that follows the chair is
scoring/consensus_present_views.py's.

Every page fetches the membership and lot with scoring/consensus_member_access.py (404 for anyone
else), which also says which bids' scores the member may see. Other members appear only as
"Panellist n" (scoring/scores_without_names.py). A bid the member is kept away from is never
named: its page is a 404, and lists say "a bid you are kept away from".
Thin: parse, call one service (scoring.meeting, scoring.consensus), render.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bids.models import Bid, BidStatus
from commissioning.models import Stage
from config.views import call_service
from panels.models import MemberStatus, Role
from scoring import consensus, statistics
from scoring import consensus_policy as policy
from scoring import meeting as meeting_service
from scoring.consensus_forms import NOTE_MAX, AttendanceForm
from scoring.consensus_member_access import NOT_SUBMITTED, Seeing, lot_of, lots_of, member_for
from scoring.member_display import when_text
from scoring.models import Attendance, ConsensusRecord, Deputy, Meeting
from scoring.scores_without_names import bid_label, question, reasons_given

# The member's meeting page --------------------------------------------------------------------------


@dataclass
class BidRow:
    bid: object
    name: str
    reason: str | None
    can_open: bool
    url: str = ""  # the bid's scores, when the member may open them


@dataclass
class LotPanel:
    lot: object
    meeting: object
    attendance: object
    form: object
    bids: list
    kept_away: int
    state: object  # consensus.LotRecord, or None before the meeting
    present: bool
    confirmation: object

    @property
    def coming(self) -> bool:
        return self.attendance is None or self.attendance.can_attend

    @property
    def total(self) -> int:
        return len(self.state.items) if self.state else 0

    @property
    def agreed(self) -> int:
        return self.total - len(self.state.missing) if self.state else 0

    @property
    def when(self) -> str:
        return when_text(self.meeting.starts_at) if self.meeting and self.meeting.starts_at else ""


def _home(request, member, bound=None, status=200):
    round_ = member.panel.round
    lots = list(lots_of(member))
    meetings = {m.lot_id: m for m in Meeting.objects.filter(lot__in=lots)}
    attendance = {a.lot_id: a for a in Attendance.objects.filter(member=member, lot__in=lots)}
    in_meeting = round_.stage in policy.READ_STAGES
    bids: dict = {}
    seeing = None
    if in_meeting:
        seeing = Seeing.of(member, lots)
        for bid in Bid.objects.filter(lot__in=lots, status=BidStatus.RECEIVED).order_by("number"):
            bids.setdefault(bid.lot_id, []).append(bid)
    # One reverse() for every bid's link: a member of three lots of 100 bids has 300.
    scores_at = reverse("scoring:consensus_view", args=[member.pk, 0]).removesuffix("0/")
    panels = []
    for lot in lots:
        form = bound[1] if bound and bound[0] == lot.pk else None
        if form is None:
            mine = attendance.get(lot.pk)
            form = AttendanceForm(
                prefix=f"lot{lot.pk}", initial={"note": mine.note if mine else ""}
            )
        rows, kept_away, state = [], 0, None
        if in_meeting:
            for bid in bids.get(lot.pk, []):
                if seeing.kept_away(bid.pk):
                    kept_away += 1
                    continue
                reason = seeing.why_not(bid.pk)
                if reason == NOT_SUBMITTED and bid.pk not in seeing.assigned:
                    reason = "You did not score this bid, so its scores are not shown here."
                can_open = reason is None and seeing.may_open(bid.pk)
                rows.append(
                    BidRow(
                        bid=bid,
                        name=bid_label(bid, round_),
                        reason=reason,
                        can_open=can_open,
                        url=f"{scores_at}{bid.pk}/" if can_open else "",
                    )
                )
            state = consensus.lot_record(lot, bids.get(lot.pk, []))
        present = state is not None and member.pk in {m.pk for m in state.present}
        panels.append(
            LotPanel(
                lot=lot,
                meeting=meetings.get(lot.pk),
                attendance=attendance.get(lot.pk),
                form=form,
                bids=rows,
                kept_away=kept_away,
                state=state,
                present=present,
                confirmation=state.confirmations.get(member.pk) if state else None,
            )
        )
    return render(
        request,
        "scoring/consensus/member_home.html",
        {
            "member": member,
            "round": round_,
            "lots": panels,
            "error_form": bound[1] if bound and bound[1].errors else None,
            "before": round_.stage in (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING),
            "open": round_.stage == Stage.CONSENSUS,
            "over": round_.stage in (Stage.DECIDED, Stage.PUBLISHED),
            "can_reply": round_.stage in meeting_service.PLANNING_STAGES
            and member.status == MemberStatus.ACTIVE,
            "is_chair": member.role == Role.MODERATOR and member.status == MemberStatus.ACTIVE,
            # Bids an officer asked this member to chair because the chair has a conflict.
            "deputy_for": list(
                Deputy.objects.filter(member=member, bid__status=BidStatus.RECEIVED)
                .select_related("bid")
                .order_by("bid__lot__number", "bid__number")
            ),
            "note_max": NOTE_MAX,
        },
        status=status,
    )


@login_required
@require_GET
def home(request, member_pk):
    return _home(request, member_for(request, member_pk))


@login_required
@require_POST
def attendance(request, member_pk, lot_pk):
    member = member_for(request, member_pk)
    lot = lot_of(member, lot_pk)
    form = AttendanceForm(request.POST, prefix=f"lot{lot.pk}")
    if form.is_valid():
        can_attend = form.cleaned_data["can_attend"] == "yes"
        ok, _ = call_service(
            form,
            meeting_service.set_attendance,
            member,
            lot,
            by=request.user,
            can_attend=can_attend,
            note=form.cleaned_data["note"],
        )
        if ok:
            messages.success(
                request,
                f"Thank you. We have told the chair you can come to the meeting for {lot}."
                if can_attend
                else f"Thank you. We have told the chair you cannot come to the meeting for {lot}.",
            )
            return redirect(f"{reverse('scoring:meeting', args=[member.pk])}#lot-{lot.pk}")
    return _home(request, member, bound=(lot.pk, form), status=400)


# The panel's scores for one bid ---------------------------------------------------------------------


@login_required
@require_GET
def bid(request, member_pk, bid_pk):
    member = member_for(request, member_pk)
    round_ = member.panel.round
    found = (
        Bid.objects.filter(pk=bid_pk, lot__in=member.panel.lots(), status=BidStatus.RECEIVED)
        .select_related("lot")
        .first()
    )
    if found is None:
        raise Http404("No such bid")
    seeing = Seeing.of(member, [found.lot])
    if not seeing.may_open(found.pk):
        raise Http404("No such bid")  # not given it, or kept away from it: not even its name
    context = {"member": member, "round": round_, "bid": found, "name": bid_label(found, round_)}
    reason = seeing.why_not(found.pk)
    if reason is not None:
        return render(
            request, "scoring/consensus/member_cannot_see.html", {**context, "reason": reason}
        )
    criteria = policy.panel_criteria(found.lot)
    lot_stats = statistics.lot_statistics(found.lot)
    reasons = reasons_given(found)
    records = {r.criterion_id: r for r in ConsensusRecord.objects.filter(bid=found)}
    questions = [
        question(
            n,
            criterion,
            lot_stats.item(found.pk, criterion.pk),
            member,
            reasons,
            records.get(criterion.pk),
            "scores",
        )
        for n, criterion in enumerate(criteria, 1)
    ]
    return render(
        request,
        "scoring/consensus/member_bid.html",
        {**context, "questions": questions, "open": round_.stage == Stage.CONSENSUS},
    )
