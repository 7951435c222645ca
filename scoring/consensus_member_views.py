"""A panel member's pages for the panel's meeting (issue 12): when and where it is and whether they
can come, the panel's scores for a bid without names, checking and confirming the record, and the
presentation view that follows the chair.

Every page fetches the membership with panels.access.get_member_for (404 for anyone else) and a lot
only among the lots its panel scores (404 otherwise). Whether a member may see a bid's scores is
consensus_policy.why_panellist_cannot_see; pages that ask it for many bids ask it for all of them at
once (`Seeing`, held to the policy by a test), so their query counts stay fixed. Other members appear
only as "Panellist n", numbered by scoring.statistics; the member's own scores say "(you)". A bid
the member is kept away from is never named: its page is a 404, and lists say "a bid you are kept
away from". The chair's diagnostics (leniency, agreement) are never shown here.
Thin: parse, call one service (scoring.meeting, scoring.consensus), render.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bids.models import Bid, BidStatus
from commissioning.models import Stage
from config.views import call_service
from panels import access
from panels.models import Assignment, ConflictDeclaration, MemberStatus, Role
from scoring import charts, consensus, statistics
from scoring import consensus_policy as policy
from scoring import meeting as meeting_service
from scoring.member_display import when_text
from scoring.models import (
    REASON_MAX,
    Attendance,
    ConsensusRecord,
    CriterionScore,
    Meeting,
    SheetStatus,
)

NOTE_MAX = 300

# What a member who may not see a bid's scores is told (the policy's words, for many bids at once).
NOT_YET = "You will see the panel's scores when the meeting starts."
NOT_TAKING_PART = "You are not taking part in this meeting."
KEPT_AWAY = "You are kept away from this bid."
NOT_SUBMITTED = (
    "You did not submit a score sheet for this bid, so you cannot see the others' scores."
)


def _member(request, member_pk):
    return access.get_member_for(request.user, member_pk)


def _lots(member):
    return member.panel.lots().select_related("round").order_by("number")


def _lot(member, lot_pk):
    lot = _lots(member).filter(pk=lot_pk).first()
    if lot is None:
        raise Http404("No such lot")
    return lot


def bid_label(bid, round_) -> str:
    """What the panel calls a bid, as on the member's other pages: "Bid C: Open evenings"."""
    name = bid.alias if round_.blind_review and bid.alias else bid.organisation
    return f"{name}: {bid.title}"


# Who sees which bid's scores ------------------------------------------------------------------------


@dataclass
class Seeing:
    """consensus_policy.why_panellist_cannot_see for one member and every bid of some lots: two
    queries, whatever the number of bids."""

    member: object
    clear: set = field(default_factory=set)  # bid pks the member's declaration allows them near
    assigned: set = field(default_factory=set)
    submitted: set = field(default_factory=set)

    @classmethod
    def of(cls, member, lots) -> "Seeing":
        lot_pks = [lot.pk for lot in lots]
        clear = {
            d.bid_id
            for d in ConflictDeclaration.objects.filter(
                member=member, bid__lot__in=lot_pks, current=True
            ).only("bid_id", "outcome")
            if d.allows_access
        }
        sheets = list(
            Assignment.objects.filter(member=member, bid__lot__in=lot_pks).values_list(
                "bid_id", "sheet__status"
            )
        )
        return cls(
            member=member,
            clear=clear,
            assigned={bid for bid, _ in sheets},
            submitted={bid for bid, status in sheets if status == SheetStatus.SUBMITTED},
        )

    def why_not(self, bid_pk) -> str | None:
        """The same answer, in the same words, as consensus_policy.why_panellist_cannot_see."""
        if self.member.panel.round.stage not in policy.READ_STAGES:
            return NOT_YET
        if self.member.status != MemberStatus.ACTIVE:
            return NOT_TAKING_PART
        if bid_pk not in self.clear:
            return KEPT_AWAY
        if bid_pk not in self.submitted:
            return NOT_SUBMITTED
        return None

    def kept_away(self, bid_pk) -> bool:
        return self.member.status != MemberStatus.ACTIVE or bid_pk not in self.clear

    def may_open(self, bid_pk) -> bool:
        """The bid's page exists for this member: they were given it and are clear of it."""
        return bid_pk in self.assigned and not self.kept_away(bid_pk)


# The panel's scores for one question, without names ------------------------------------------------


@dataclass
class Line:
    label: str
    score: int
    reason: str
    you: bool


@dataclass
class Question:
    number: int
    criterion: object
    lines: list
    stats: object  # scoring.agreement.ItemStats, or None when nobody scored
    chart: str
    spread: str
    record: object  # ConsensusRecord or None
    dissents: list


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def spread_text(stats) -> str:
    """The median and the range in words a 14-year-old follows."""
    if stats is None or not stats.n:
        return "Nobody's scores for this question are in."
    middle = f"The middle score (the median) is {_num(stats.median)}."
    if stats.range == 0:
        return f"{middle} Everyone gave {stats.min}."
    points = "point" if stats.range == 1 else "points"
    return (
        f"{middle} The scores go from {stats.min} to {stats.max}, "
        f"a spread (range) of {stats.range} {points}."
    )


def dissent_lines(record, member) -> list[str]:
    """Each dissent in the record, without the name of who disagreed unless it is the member."""
    if record is None:
        return []
    return [
        f"You disagreed: {d.get('text', '')}"
        if d.get("member") == member.pk
        else f"A panellist disagreed: {d.get('text', '')}"
        for d in record.dissents or []
    ]


def question(number, criterion, item, member, reasons, record, id_prefix) -> Question:
    scores = item.scores if item is not None else ()
    lines = [
        Line(
            label=f"{s.member.label} (you)" if s.member.pk == member.pk else s.member.label,
            score=s.score,
            reason=reasons.get((s.member.pk, criterion.pk), ""),
            you=s.member.pk == member.pk,
        )
        for s in scores
    ]
    chart = ""
    if scores:
        labels = ["You" if line.you else line.label for line in lines]
        chart = charts.dot_plot(item, criterion.scale_max, labels=labels, id_prefix=id_prefix)
    stats = item.stats if item is not None else None
    return Question(
        number=number,
        criterion=criterion,
        lines=lines,
        stats=stats,
        chart=chart,
        spread=spread_text(stats),
        record=record,
        dissents=dissent_lines(record, member),
    )


def _reasons(bid, criteria=None) -> dict:
    """(member pk, criterion pk) -> the reason on a submitted sheet for `bid`: one query."""
    rows = CriterionScore.objects.filter(
        sheet__assignment__bid=bid, sheet__status=SheetStatus.SUBMITTED
    )
    if criteria is not None:
        rows = rows.filter(criterion__in=criteria)
    return {
        (member_pk, criterion_pk): reason
        for member_pk, criterion_pk, reason in rows.values_list(
            "sheet__assignment__member_id", "criterion_id", "reason"
        )
    }


# The member's meeting page --------------------------------------------------------------------------


class AttendanceForm(forms.Form):
    """The button pressed says which: "I cannot come" (can_attend=no) or "I can come after all"."""

    can_attend = forms.ChoiceField(
        choices=[("yes", "I can come"), ("no", "I cannot come")], required=False
    )
    note = forms.CharField(
        label="Anything the chair or the officer should know",
        help_text="For example, why you cannot come, or that you will be late.",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note under {NOTE_MAX} characters."},
    )

    def clean(self):
        data = super().clean()
        if data.get("can_attend") not in ("yes", "no"):
            raise ValidationError("Press “I cannot come” or “I can come after all”.")
        return data


@dataclass
class BidRow:
    bid: object
    name: str
    reason: str | None
    can_open: bool


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
    lots = list(_lots(member))
    meetings = {m.lot_id: m for m in Meeting.objects.filter(lot__in=lots)}
    attendance = {a.lot_id: a for a in Attendance.objects.filter(member=member, lot__in=lots)}
    in_meeting = round_.stage in policy.READ_STAGES
    bids: dict = {}
    seeing = None
    if in_meeting:
        seeing = Seeing.of(member, lots)
        for bid in Bid.objects.filter(lot__in=lots, status=BidStatus.RECEIVED).order_by("number"):
            bids.setdefault(bid.lot_id, []).append(bid)
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
                rows.append(
                    BidRow(
                        bid=bid,
                        name=bid_label(bid, round_),
                        reason=reason,
                        can_open=reason is None and seeing.may_open(bid.pk),
                    )
                )
            state = consensus.lot_record(lot)
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
            "note_max": NOTE_MAX,
        },
        status=status,
    )


@login_required
@require_GET
def home(request, member_pk):
    return _home(request, _member(request, member_pk))


@login_required
@require_POST
def attendance(request, member_pk, lot_pk):
    member = _member(request, member_pk)
    lot = _lot(member, lot_pk)
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
    member = _member(request, member_pk)
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
    reasons = _reasons(found)
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


# Checking and confirming the lot's record -----------------------------------------------------------


class ConfirmForm(forms.Form):
    agrees = forms.ChoiceField(
        label="Does this record reflect the panel's discussion?",
        choices=[("yes", "Yes"), ("no", "No, I disagree")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the record reflects the panel's discussion."},
    )
    dissent = forms.CharField(
        label="If you chose No: what do you disagree with?",
        help_text="Say which bid and question, and why. The chair and the officer read it, "
        "and it is kept with the record.",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Keep it under {REASON_MAX:,} characters."},
    )

    def clean(self):
        data = super().clean()
        if data.get("agrees") == "no" and not (data.get("dissent") or "").strip():
            self.add_error("dissent", "Say what you disagree with in the record.")
        return data


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
    member = _member(request, member_pk)
    lot = _lot(member, lot_pk)
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


# The presentation view ------------------------------------------------------------------------------


def _now(meeting):
    if meeting is None:
        return None, None
    return meeting.current_bid_id, meeting.current_criterion_id


@login_required
@require_GET
def present(request, member_pk, lot_pk):
    member = _member(request, member_pk)
    lot = _lot(member, lot_pk)
    round_ = lot.round
    context = {"member": member, "round": round_, "lot": lot, "open": False}
    if round_.stage != Stage.CONSENSUS:
        return render(request, "scoring/consensus/present.html", context)
    meeting = (
        Meeting.objects.filter(lot=lot)
        .select_related("current_bid", "current_criterion")
        .only("lot_id", "current_bid", "current_criterion")
        .first()
    )
    criteria = policy.panel_criteria(lot)
    chair = policy.lot_chair(request.user, lot)
    clear = policy.clear_pairs(lot) if chair is not None else set()
    current = meeting.current_bid if meeting else None
    criterion = meeting.current_criterion if meeting else None
    if current is not None and (
        current.lot_id != lot.pk
        or current.status != BidStatus.RECEIVED
        or criterion is None
        or criterion.pk not in {c.pk for c in criteria}
    ):
        current = criterion = None
    context.update(
        open=True,
        bid=current,
        criterion=criterion,
        now_url=reverse("scoring:present_now", args=[member.pk, lot.pk]),
        now_bid=current.pk if current else "",
        now_criterion=criterion.pk if criterion else "",
    )
    if chair is not None:
        agenda = [
            item
            for item in policy.items(lot, criteria=criteria)
            if (chair.pk, item.bid.pk) in clear
        ]
        context.update(chair=chair, **_neighbours(agenda, current, criterion, criteria, round_))
    if current is None:
        return render(request, "scoring/consensus/present.html", context)
    number = next(n for n, c in enumerate(criteria, 1) if c.pk == criterion.pk)
    context.update(name=bid_label(current, round_), number=number)
    chairing = chair is not None and (chair.pk, current.pk) in clear
    seeing = Seeing.of(member, [lot])
    if not chairing:
        if seeing.kept_away(current.pk):
            context.update(kept_away=True, name="", bid=None)
            return render(request, "scoring/consensus/present.html", context)
        reason = seeing.why_not(current.pk)
        if reason is not None:
            context["hidden_because"] = (
                "You will see the scores once your own sheet is in."
                if current.pk in seeing.assigned
                else "You did not score this bid, so its scores are not shown to you."
            )
            return render(request, "scoring/consensus/present.html", context)
    item = statistics.lot_statistics(lot).item(current.pk, criterion.pk)
    record = ConsensusRecord.objects.filter(bid=current, criterion=criterion).first()
    context["question"] = question(
        number, criterion, item, member, _reasons(current, [criterion]), record, "now"
    )
    return render(request, "scoring/consensus/present.html", context)


@dataclass
class Step:
    """An item the chair's previous or next button puts on the screen."""

    bid: object
    criterion: object
    number: int  # the question's number among the panel's questions
    name: str


def _neighbours(agenda, bid, criterion, criteria, round_) -> dict:
    """The items before and after the one on screen, in agenda order (compliant bids by number,
    then the panel's questions in order); the first item is next when nothing is on screen."""
    numbers = {c.pk: n for n, c in enumerate(criteria, 1)}

    def step(item):
        if item is None:
            return None
        name = bid_label(item.bid, round_)
        return Step(item.bid, item.criterion, numbers[item.criterion.pk], name)

    keys = [item.key for item in agenda]
    here = (bid.pk, criterion.pk) if bid is not None else None
    if here not in keys:
        return {"previous": None, "next": step(agenda[0] if agenda else None)}
    at = keys.index(here)
    return {
        "previous": step(agenda[at - 1] if at > 0 else None),
        "next": step(agenda[at + 1] if at + 1 < len(agenda) else None),
    }


@login_required
@require_GET
def present_now(request, member_pk, lot_pk):
    """What is on the screen now, for present.js: two queries."""
    member = _member(request, member_pk)
    row = (
        member.panel.lots()
        .filter(pk=lot_pk)
        .values_list("meeting__current_bid", "meeting__current_criterion")
        .first()
    )
    if row is None:
        raise Http404("No such lot")
    bid_pk, criterion_pk = row
    return JsonResponse({"bid": bid_pk, "criterion": criterion_pk})
