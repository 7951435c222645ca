"""The consensus meeting: what the chair does to one agenda item. Recording the panel's agreed
score, ticking it as discussed, and "show this on everyone's screen". The chair's pages (lots,
agenda, bid) are scoring/consensus_chair_views.py's; what the chair does for a whole lot is
scoring/consensus_chair_lot_views.py's; who reaches any of them is scoring/consensus_chair_access.py's.
Thin: parse, call one service in scoring.consensus or scoring.meeting, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.models import Stage
from config.views import call_service
from panels.models import Role
from scoring import consensus, reasons
from scoring import consensus_chair_access as access
from scoring import consensus_policy as policy
from scoring import meeting as meetings
from scoring.agenda import bid_label
from scoring.consensus_forms import RecordForm, record_initial
from scoring.models import ConsensusRecord
from scoring.scores_with_names import bid_view, dissents, meaning


def _criteria(bid, wanted=None):
    criteria = policy.panel_criteria(bid.lot)
    if wanted is None:
        return criteria
    chosen = [c for c in criteria if c.pk == wanted]
    if not chosen:
        raise Http404("Not a question the panel scores")
    return chosen


# Recording one item --------------------------------------------------------------------------------


def _record_page(request, member, bid, criterion, form, *, status=200, **extra):
    round_ = bid.lot.round
    view = extra.pop("view")
    item = view.items[0]
    conflict = extra.get("conflict")
    return render(
        request,
        "scoring/consensus/chair_record.html",
        access.context(
            member,
            bid=bid,
            lot=bid.lot,
            name=bid_label(bid, round_),
            criterion=criterion,
            view=view,
            item=item,
            form=form,
            version=extra.pop("version", item.record.version if item.record else 0),
            dissents=dissents(view, item.record),
            saved=_saved(view, criterion, conflict) if conflict is not None else None,
            **extra,
        ),
        status=status,
    )


def _saved(view, criterion, record) -> dict:
    """What is saved now, in words, for the two-versions box."""
    return {
        "score": record.score,
        "meaning": meaning(criterion, record.score),
        "rationale": record.rationale,
        "key_points": record.key_points,
        "reached": record.get_reached_display(),
        "present": [view.names.get(m.pk, "A former member") for m in record.present.all()],
        "dissents": dissents(view, record),
        "by": record.recorded_by.display_name,
        "at": record.updated_at,
    }


@login_required
@require_http_methods(["GET", "POST"])
def record(request, member_pk, bid_pk, criterion_pk):
    member, bid = access.chairing(request, member_pk, bid_pk)
    round_ = bid.lot.round
    if round_.stage != Stage.CONSENSUS:
        return access.not_open(
            request, member, bid=bid, status=409 if request.method == "POST" else 200
        )
    (criterion,) = _criteria(bid, criterion_pk)
    view = bid_view(bid, [criterion], blind=round_.blind_review)
    existing = view.items[0].record
    if request.method == "GET":
        form = RecordForm(
            criterion=criterion, eligible=view.eligible, initial=record_initial(view, existing)
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
                meaning(criterion, saved.score),
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
    member, bid = access.chairing(request, member_pk, bid_pk)
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
    member, bid = access.chairing(request, member_pk, bid_pk)
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


def _back(request, fallback: str) -> str:
    wanted = request.POST.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def _agenda_url(member, bid) -> str:
    if member.role == Role.MODERATOR:
        return reverse("scoring:consensus_agenda", args=[member.pk, bid.lot_id])
    return reverse("scoring:consensus_bid", args=[member.pk, bid.pk])


def _problem(request, member, bid, message, status=400):
    return render(
        request,
        "scoring/consensus/chair_problem.html",
        access.context(
            member, bid=bid, lot=bid.lot, message=message, back=_agenda_url(member, bid)
        ),
        status=status,
    )
