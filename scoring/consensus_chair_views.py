"""The consensus meeting: the chair's pages. The chair runs the meeting from a laptop: their lots,
each lot's agenda (items whose scores are far apart first), one bid with every score and the
member who gave it, the form recording the panel's agreed score, ticks, "show this on everyone's
screen", confirming for a member who tells them in the room, and the meeting's arrangements.

Access: every page starts from the user's own membership (panels.access.get_member_for, 404 for
anyone else). Lot pages need the panel's active chair (moderator) and one of the panel's lots.
Bid pages need the membership that chairs that bid (the chair once declared clear of it, or the
deputy an officer named), else 404, so a conflicted chair learns nothing of it. Stage: before
consensus the bid pages say the meeting is not open; after it they are read-only.
Thin: parse, call one service in scoring.consensus or scoring.meeting, render.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bids.models import Bid, BidStatus
from commissioning.models import Stage
from config.views import call_service
from panels import access as panel_access
from panels.models import Member, MemberStatus, Role
from scoring import agenda as agendas
from scoring import consensus, reasons
from scoring import consensus_policy as policy
from scoring import meeting as meetings
from scoring.consensus_forms import MeetingForm
from scoring.models import REASON_MAX, ConsensusRecord, Deputy, Meeting, Reached

READ_ONLY_STAGES = (Stage.DECIDED, Stage.PUBLISHED)


# Forms ---------------------------------------------------------------------------------------------


class RecordForm(forms.Form):
    """One item's record as typed. Nothing is required here: scoring.consensus.save_record checks
    it all and names the field of each problem, so every message sits next to its field. The
    version travels in its own hidden input (a conflict shows the newer one)."""

    def __init__(self, *args, criterion, eligible, **kwargs):
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        super().__init__(*args, **kwargs)
        top = criterion.scale_max
        people = [(str(m.pk), _person(m)) for m in eligible]
        self.fields["score"] = forms.ChoiceField(
            label="The score the panel agreed",
            widget=forms.RadioSelect,
            required=False,
            choices=[
                (str(level), f"{level} – {text}" if text else str(level))
                for level, text in (
                    (lvl, agendas.meaning(criterion, lvl)) for lvl in criterion.levels
                )
            ],
            error_messages={"invalid_choice": f"Choose a score from 0 to {top}."},
        )
        self.fields["rationale"] = forms.CharField(
            label="Why the panel agreed this score",
            help_text="Say what in the bid led the panel to this score, in the panel's words. "
            "This is the record if the decision is ever questioned.",
            widget=forms.Textarea(attrs={"rows": 5}),
            required=False,
        )
        self.fields["key_points"] = forms.CharField(
            label="The points that decided it",
            help_text="A few short points, one a line, if they help.",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["reached"] = forms.ChoiceField(
            label="How the panel reached this score",
            widget=forms.RadioSelect,
            required=False,
            choices=Reached.choices,
            error_messages={"invalid_choice": "Say how the panel reached this score."},
        )
        self.fields["present"] = forms.MultipleChoiceField(
            label="Who was there for this discussion",
            help_text="Everyone ticked here confirms the record afterwards.",
            widget=forms.CheckboxSelectMultiple,
            required=False,
            choices=people,
            error_messages={"invalid_choice": "Choose members of this panel."},
        )
        self.fields["dissent_member"] = forms.ChoiceField(
            label="Someone disagrees with this score (optional)",
            help_text="Their disagreement is written into the record under their name.",
            required=False,
            choices=[("", "Nobody")] + people,
            error_messages={"invalid_choice": "Choose a member who was there."},
        )
        self.fields["dissent_text"] = forms.CharField(
            label="What they disagree with",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )

    def entry(self) -> consensus.Entry:
        data = self.cleaned_data
        score = data.get("score")
        member = data.get("dissent_member")
        return consensus.Entry(
            score=int(score) if score not in (None, "") else None,
            rationale=data.get("rationale", ""),
            key_points=data.get("key_points", ""),
            reached=data.get("reached", ""),
            present=[int(pk) for pk in data.get("present", [])],
            dissent_member=int(member) if member else None,
            dissent_text=data.get("dissent_text", ""),
        )


class ConfirmForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label="Does the member agree the record reflects the discussion?",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[
            ("yes", "Yes, it reflects what the panel discussed"),
            ("no", "No, they want to record a disagreement"),
        ],
        error_messages={"required": "Say whether they agree with the record."},
    )
    dissent = forms.CharField(
        label="What they disagree with (if they do)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=REASON_MAX,
        error_messages={"max_length": f"Keep it under {REASON_MAX:,} characters."},
    )


def _person(member) -> str:
    return f"{member.user.display_name} ({member.get_role_display().lower()})"


# Access --------------------------------------------------------------------------------------------


def _chair(request, member_pk) -> Member:
    member = panel_access.get_member_for(request.user, member_pk)
    if member.role != Role.MODERATOR or member.status != MemberStatus.ACTIVE:
        raise Http404("Not a chair")
    return member


def _lot(chair, lot_pk):
    return get_object_or_404(chair.panel.lots().select_related("round"), pk=lot_pk)


def _chairing(request, member_pk, bid_pk) -> tuple[Member, Bid]:
    """The membership and the bid it chairs; 404 for anything else (a bid the chair is conflicted
    on, another panel's, a withdrawn or non-compliant one)."""
    member = panel_access.get_member_for(request.user, member_pk)
    if member.status != MemberStatus.ACTIVE:
        raise Http404("Not taking part")
    bid = get_object_or_404(
        Bid.objects.select_related("lot__round", "lot__rubric"),
        pk=bid_pk,
        lot__in=member.panel.lots(),
        status=BidStatus.RECEIVED,
    )
    if member.role == Role.MODERATOR:
        if not policy.chair_may_chair(member, bid):
            raise Http404("The chair does not chair this bid")
    elif not Deputy.objects.filter(bid=bid, member=member).exists():
        raise Http404("Not chairing this bid")
    return member, bid


def _context(member, **extra):
    round_ = member.panel.round
    return {
        "member": member,
        "round": round_,
        "blind": round_.blind_review,
        "is_chair": member.role == Role.MODERATOR,
        **extra,
    }


def _not_open(request, member, *, lot=None, bid=None, status=200):
    """Before consensus nothing of the panel's scores is shown to anyone."""
    return render(
        request,
        "scoring/consensus/chair_not_open.html",
        _context(member, lot=lot or (bid.lot if bid else None), bid=bid),
        status=status,
    )


def _back(request, fallback: str) -> str:
    wanted = request.POST.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


# The chair's lots ----------------------------------------------------------------------------------


@login_required
@require_GET
def lots(request, member_pk):
    chair = _chair(request, member_pk)
    round_ = chair.panel.round
    return render(
        request,
        "scoring/consensus/chair_lots.html",
        _context(
            chair,
            lots=agendas.lots_progress(chair.panel.lots().order_by("number")),
            open=round_.stage == Stage.CONSENSUS,
            readable=round_.stage in policy.READ_STAGES,
        ),
    )


# A lot's agenda ------------------------------------------------------------------------------------


@login_required
@require_GET
def agenda(request, member_pk, lot_pk):
    chair = _chair(request, member_pk)
    lot = _lot(chair, lot_pk)
    if lot.round.stage not in policy.READ_STAGES:
        return _not_open(request, chair, lot=lot)
    return render(
        request,
        "scoring/consensus/chair_agenda.html",
        _context(
            chair,
            lot=lot,
            agenda=agendas.lot_agenda(chair, lot),
            open=lot.round.stage == Stage.CONSENSUS,
        ),
    )


# One bid -------------------------------------------------------------------------------------------


def _criteria(bid, wanted=None):
    criteria = policy.panel_criteria(bid.lot)
    if wanted is None:
        return criteria
    chosen = [c for c in criteria if c.pk == wanted]
    if not chosen:
        raise Http404("Not a question the panel scores")
    return chosen


def _wanted(request):
    raw = request.GET.get("criterion", "")
    return int(raw) if raw.isdigit() else None


def _initial(view, record) -> dict:
    if record is None:
        return {"present": [str(pk) for pk in view.default_present]}
    return {
        "score": str(record.score),
        "rationale": record.rationale,
        "key_points": record.key_points,
        "reached": record.reached,
        "present": [str(m.pk) for m in record.present.all()],
    }


def _dissents(view, record) -> list[dict]:
    if record is None:
        return []
    return [
        {"name": view.names.get(d.get("member"), "A former member"), "text": d.get("text", "")}
        for d in record.dissents or []
    ]


@login_required
@require_GET
def bid(request, member_pk, bid_pk):
    member, bid = _chairing(request, member_pk, bid_pk)
    round_ = bid.lot.round
    if round_.stage not in policy.READ_STAGES:
        return _not_open(request, member, bid=bid)
    all_criteria = policy.panel_criteria(bid.lot)
    wanted = _wanted(request)
    criteria = all_criteria if wanted is None else [c for c in all_criteria if c.pk == wanted]
    if not criteria and wanted is not None:
        raise Http404("Not a question the panel scores")
    view = agendas.bid_view(bid, criteria, blind=round_.blind_review)
    open_ = round_.stage == Stage.CONSENSUS
    sections = []
    for item in view.items:
        form = None
        if open_:
            form = RecordForm(
                criterion=item.criterion,
                eligible=view.eligible,
                initial=_initial(view, item.record),
            )
        sections.append(
            {
                "item": item,
                "form": form,
                "version": item.record.version if item.record else 0,
                "dissents": _dissents(view, item.record),
            }
        )
    return render(
        request,
        "scoring/consensus/chair_bid.html",
        _context(
            member,
            bid=bid,
            lot=bid.lot,
            name=agendas.bid_label(bid, round_),
            view=view,
            sections=sections,
            all_criteria=all_criteria,
            wanted=wanted,
            open=open_,
        ),
    )


# Recording one item --------------------------------------------------------------------------------


def _record_page(request, member, bid, criterion, form, *, status=200, **extra):
    round_ = bid.lot.round
    view = extra.pop("view")
    item = view.items[0]
    conflict = extra.get("conflict")
    return render(
        request,
        "scoring/consensus/chair_record.html",
        _context(
            member,
            bid=bid,
            lot=bid.lot,
            name=agendas.bid_label(bid, round_),
            criterion=criterion,
            view=view,
            item=item,
            form=form,
            version=extra.pop("version", item.record.version if item.record else 0),
            dissents=_dissents(view, item.record),
            saved=_saved(view, criterion, conflict) if conflict is not None else None,
            **extra,
        ),
        status=status,
    )


def _saved(view, criterion, record) -> dict:
    """What is saved now, in words, for the two-versions box."""
    return {
        "score": record.score,
        "meaning": agendas.meaning(criterion, record.score),
        "rationale": record.rationale,
        "key_points": record.key_points,
        "reached": record.get_reached_display(),
        "present": [view.names.get(m.pk, "A former member") for m in record.present.all()],
        "dissents": _dissents(view, record),
        "by": record.recorded_by.display_name,
        "at": record.updated_at,
    }


@login_required
@require_http_methods(["GET", "POST"])
def record(request, member_pk, bid_pk, criterion_pk):
    member, bid = _chairing(request, member_pk, bid_pk)
    round_ = bid.lot.round
    if round_.stage != Stage.CONSENSUS:
        return _not_open(request, member, bid=bid, status=409 if request.method == "POST" else 200)
    (criterion,) = _criteria(bid, criterion_pk)
    view = agendas.bid_view(bid, [criterion], blind=round_.blind_review)
    existing = view.items[0].record
    if request.method == "GET":
        form = RecordForm(
            criterion=criterion, eligible=view.eligible, initial=_initial(view, existing)
        )
        return _record_page(request, member, bid, criterion, form, view=view)

    form = RecordForm(request.POST, criterion=criterion, eligible=view.eligible)
    raw_version = request.POST.get(f"{form.prefix}-version", "")
    typed_version = int(raw_version) if raw_version.isdigit() else None
    if form.is_valid():
        # A page without its version: never guess over a saved record; show both.
        version = typed_version if typed_version is not None else (0 if existing is None else -1)
        try:
            ok, saved = call_service(
                form,
                consensus.save_record,
                bid,
                criterion,
                by=request.user,
                entry=form.entry(),
                version=version,
            )
        except PermissionDenied:
            raise Http404("Not chairing this bid") from None
        except consensus.RecordConflict as conflict:
            now = conflict.record
            if now is not None:
                now = (
                    ConsensusRecord.objects.select_related("recorded_by")
                    .prefetch_related("present")
                    .get(pk=now.pk)
                )
            return _record_page(
                request,
                member,
                bid,
                criterion,
                form,
                view=view,
                status=409,
                conflict=now,
                conflict_empty=now is None,
                version=now.version if now is not None else 0,
            )
        if ok:
            flags = reasons.flags_for(
                saved.rationale,
                agendas.meaning(criterion, saved.score),
                own_alias=bid.alias if round_.blind_review else "",
            )
            text = f"The agreed score for “{criterion.title}” is saved: {saved.score}."
            if flags:
                text += " There is a tip about the rationale beside it: it never stops the record."
            messages.success(request, text)
            url = reverse("scoring:consensus_bid", args=[member.pk, bid.pk])
            if request.POST.get("one") == "yes":
                url += f"?criterion={criterion.pk}"
            return redirect(f"{url}#c{criterion.pk}")
    return _record_page(
        request,
        member,
        bid,
        criterion,
        form,
        view=view,
        status=400,
        version=raw_version if typed_version is not None else "",
    )


# Ticks and the shared screen -----------------------------------------------------------------------


@login_required
@require_POST
def tick(request, member_pk, bid_pk, criterion_pk):
    member, bid = _chairing(request, member_pk, bid_pk)
    (criterion,) = _criteria(bid, criterion_pk)
    discussed = request.POST.get("discussed")
    if discussed not in ("yes", "no"):
        return _problem(request, member, bid, "Choose whether this item was discussed.")
    try:
        consensus.tick(bid, criterion, by=request.user, discussed=discussed == "yes")
    except PermissionDenied:
        raise Http404("Not chairing this bid") from None
    except ValidationError as error:
        return _problem(request, member, bid, " ".join(error.messages), status=409)
    messages.success(
        request,
        f"{bid.alias if member.panel.round.blind_review else bid.title}, “{criterion.title}”: "
        + ("marked as discussed." if discussed == "yes" else "marked as not discussed yet."),
    )
    return redirect(_back(request, _agenda_url(member, bid)))


@login_required
@require_POST
def show(request, member_pk, bid_pk, criterion_pk):
    member, bid = _chairing(request, member_pk, bid_pk)
    (criterion,) = _criteria(bid, criterion_pk)
    try:
        meetings.show_item(bid, criterion, by=request.user)
    except PermissionDenied as denied:
        if bid.lot.round.stage != Stage.CONSENSUS:
            return _problem(request, member, bid, str(denied), status=409)
        raise Http404("Not chairing this bid") from None
    except ValidationError as error:
        return _problem(request, member, bid, " ".join(error.messages), status=409)
    messages.success(request, f"Everyone's screen now shows “{criterion.title}”.")
    return redirect(_back(request, _agenda_url(member, bid)))


def _agenda_url(member, bid) -> str:
    if member.role == Role.MODERATOR:
        return reverse("scoring:consensus_agenda", args=[member.pk, bid.lot_id])
    return reverse("scoring:consensus_bid", args=[member.pk, bid.pk])


def _problem(request, member, bid, message, status=400):
    return render(
        request,
        "scoring/consensus/chair_problem.html",
        _context(member, bid=bid, lot=bid.lot, message=message, back=_agenda_url(member, bid)),
        status=status,
    )


# Confirming for a member ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def confirm_for(request, member_pk, lot_pk, other_pk):
    chair = _chair(request, member_pk)
    lot = _lot(chair, lot_pk)
    other = get_object_or_404(policy.lot_members(lot), pk=other_pk)
    round_ = lot.round
    if round_.stage not in policy.READ_STAGES:
        return _not_open(request, chair, lot=lot)
    state = consensus.lot_record(lot)
    present = {m.pk for m in state.present}
    current = state.confirmations.get(other.pk)
    blocked = ""
    if round_.stage != Stage.CONSENSUS:
        blocked = "The meeting is over, so the record can no longer be confirmed."
    elif not state.complete:
        blocked = (
            f"The record is not finished: {len(state.missing)} item"
            f"{'s' if len(state.missing) != 1 else ''} still need an agreed score. Members "
            "confirm the whole record once every item has one."
        )
    elif other.pk not in present:
        blocked = (
            f"{other.user.display_name} was not recorded as present for any item, so they do "
            "not confirm this record."
        )
    context = _context(chair, lot=lot, other=other, current=current, blocked=blocked)
    if blocked:
        status = 409 if request.method == "POST" else 200
        return render(request, "scoring/consensus/chair_confirm_for.html", context, status=status)
    initial = {}
    if current is not None:
        initial = {"agrees": "yes" if current.agrees else "no", "dissent": current.dissent}
    form = ConfirmForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            consensus.confirm,
            lot,
            other,
            by=request.user,
            agrees=form.cleaned_data["agrees"],
            dissent=form.cleaned_data["dissent"],
        )
        if ok:
            messages.success(
                request,
                f"{other.user.display_name}'s answer is recorded, noted as recorded by you for "
                "them.",
            )
            return redirect("scoring:consensus_agenda", chair.pk, lot.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "scoring/consensus/chair_confirm_for.html",
        {**context, "form": form},
        status=status,
    )


# The meeting's arrangements ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, member_pk, lot_pk):
    chair = _chair(request, member_pk)
    lot = _lot(chair, lot_pk)
    current = Meeting.objects.filter(lot=lot).first()
    context = _context(chair, lot=lot, current=current)
    if lot.round.stage not in meetings.PLANNING_STAGES:
        status = 409 if request.method == "POST" else 200
        return render(
            request,
            "scoring/consensus/chair_meeting.html",
            {**context, "over": True},
            status=status,
        )
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=MeetingForm.initial_for(current),
    )
    if request.method == "POST" and form.is_valid():
        arrangements = form.arrangements()
        ok = False
        moved = current is None or current.starts_at != arrangements["starts_at"]
        if moved and arrangements["starts_at"] <= timezone.now():
            form.add_error("on", "That date and time have passed. Enter when the meeting will be.")
        else:
            ok, _ = call_service(form, meetings.set_meeting, lot, by=request.user, **arrangements)
        if ok:
            told = lot.round.stage == Stage.CONSENSUS
            messages.success(
                request,
                "The meeting is saved."
                + (" Members have been emailed the details." if told else "")
                + " They see it on their meeting page.",
            )
            return redirect("scoring:consensus_lots", chair.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "scoring/consensus/chair_meeting.html", {**context, "form": form}, status=status
    )
