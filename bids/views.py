"""Officer pages for bids: the register, entry by form, a bid's page and its status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from bids import documents, exports, services
from bids.filters import BidFilter
from bids.forms import (
    AnswerForm,
    BidForm,
    ClarificationForm,
    DocumentForm,
    ReadingHelpForm,
    StatusForm,
)
from bids.models import Bid, DocumentKind
from bids.tables import BidTable
from commissioning import access
from config.views import call_service, render_form

CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.ODT: "application/vnd.oasis.opendocument.text",
    DocumentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _bids(round_):
    return Bid.objects.for_round(round_).select_related("lot")


def _bid_for(request, pk, bid_pk, perm=access.MANAGE):
    round_ = access.get_round_for(request.user, pk, perm)
    return round_, get_object_or_404(_bids(round_), pk=bid_pk)


@login_required
@require_GET
def register(request, pk):
    round_ = access.get_round_for(request.user, pk, access.ANY)
    filterset = BidFilter(request.GET or None, queryset=_bids(round_), round_=round_)
    table = BidTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "bids/register.html",
        {
            "round": round_,
            "filter": filterset,
            "table": table,
            "can_manage": access.MANAGE in round_.user_perms,
            "open": services.bids_open(round_),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def register_xlsx(request, pk):
    round_ = access.get_round_for(request.user, pk, access.ANY)
    filterset = BidFilter(request.GET or None, queryset=_bids(round_), round_=round_)
    return FileResponse(
        exports.register_xlsx(filterset.qs.order_by("lot__number", "number")),
        as_attachment=True,
        filename=f"bids-round-{round_.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_create(request, pk):
    round_ = access.get_round_for(request.user, pk, access.MANAGE)
    if not services.bids_open(round_):
        return render(request, "bids/frozen.html", {"round": round_}, status=409)
    lot = round_.lots.filter(pk=request.GET.get("lot") or None).select_related("rubric").first()
    if lot is None:
        return render(request, "bids/choose_lot.html", {"round": round_, "lots": round_.lots.all()})
    form = BidForm(request.POST or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        ok, bid = call_service(
            form,
            services.add_bid,
            lot,
            by=request.user,
            answers=form.answers(),
            **form.bid_fields(),
        )
        if ok:
            messages.success(request, f"Bid {bid.reference} added.")
            return redirect(bid)
    return render_form(
        request, "bids/bid_form.html", form, round=round_, lot=lot, title=f"Add a bid to {lot}"
    )


@login_required
@require_GET
def bid_detail(request, pk, bid_pk):
    round_, bid = _bid_for(request, pk, bid_pk, access.ANY)
    answers = {a.criterion_id: a.text for a in bid.answers.all()}
    bid_documents = bid.documents.all()
    reading_help = bid.reading_help.all()
    clarifications = bid.clarifications.all()
    questions = [(c, answers.get(c.pk, "")) for c in services.answerable_criteria(bid.lot)]
    return render(
        request,
        "bids/bid_detail.html",
        {
            "round": round_,
            "bid": bid,
            "questions": questions,
            "documents": bid_documents,
            "reading_help": reading_help,
            "clarifications": clarifications,
            "clarifiable": round_.stage in services.CLARIFY_UNTIL,
            "can_manage": access.MANAGE in round_.user_perms,
            "open": services.bids_open(round_),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_edit(request, pk, bid_pk):
    round_, bid = _bid_for(request, pk, bid_pk)
    if not services.bids_open(round_):
        return render(request, "bids/frozen.html", {"round": round_}, status=409)
    form = BidForm(request.POST or None, instance=bid, lot=bid.lot)
    if request.method == "POST" and form.is_valid():
        ok, bid = call_service(
            form,
            services.update_bid,
            bid,
            by=request.user,
            answers=form.answers(),
            **form.bid_fields(),
        )
        if ok:
            messages.success(request, "Bid saved.")
            return redirect(bid)
    return render_form(
        request,
        "bids/bid_form.html",
        form,
        round=round_,
        lot=bid.lot,
        bid=bid,
        title=f"Change {bid.reference}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_status(request, pk, bid_pk):
    round_, bid = _bid_for(request, pk, bid_pk)
    form = StatusForm(request.POST or None, initial={"status": bid.status})
    if request.method == "POST" and form.is_valid():
        ok, bid = call_service(
            form,
            services.set_status,
            bid,
            by=request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, f"{bid.reference} is now {bid.get_status_display().lower()}.")
            return redirect(bid)
    return render_form(request, "bids/status_form.html", form, round=round_, bid=bid)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk, bid_pk):
    round_, bid = _bid_for(request, pk, bid_pk)
    if not services.bids_open(round_):
        return render(request, "bids/frozen.html", {"round": round_}, status=409)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, document = call_service(
            form, services.add_document, bid, form.cleaned_data["file"], by=request.user
        )
        if ok:
            messages.success(request, f"{document.original_name} added to {bid.reference}.")
            return redirect(bid)
    return render_form(request, "bids/document_form.html", form, round=round_, bid=bid)


@login_required
@require_GET
def document_download(request, pk, bid_pk, document_pk):
    """Documents are served only here, after the permission check, never from a public folder."""
    round_, bid = _bid_for(request, pk, bid_pk, access.ANY)
    document = get_object_or_404(bid.documents, pk=document_pk)
    return FileResponse(
        documents.open_stored(document.stored_name),  # local disk or S3; the response closes it
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES[document.kind],
    )


@login_required
@require_http_methods(["GET", "POST"])
def reading_help_create(request, pk, bid_pk):
    round_, bid = _bid_for(request, pk, bid_pk)
    if not services.bids_open(round_):
        return render(request, "bids/frozen.html", {"round": round_}, status=409)
    form = ReadingHelpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, services.add_reading_help, bid, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, "Reading help added.")
            return redirect(bid)
    return render_form(
        request,
        "bids/simple_form.html",
        form,
        round=round_,
        bid=bid,
        title="Add help to read this bid",
        submit="Add the help",
    )


@login_required
@require_http_methods(["GET", "POST"])
def clarification_create(request, pk, bid_pk):
    round_, bid = _bid_for(request, pk, bid_pk)
    form = ClarificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            services.ask_clarification,
            bid,
            by=request.user,
            question=form.cleaned_data["question"],
        )
        if ok:
            messages.success(request, "Question recorded. Add the bidder's answer when it comes.")
            return redirect(bid)
    return render_form(
        request,
        "bids/simple_form.html",
        form,
        round=round_,
        bid=bid,
        title="Ask the bidder a clarification question",
        submit="Record the question",
    )


def _number(clarification) -> int:
    """Its place among the bid's questions, as the bid's pages number them."""
    earlier = Q(asked_at__lt=clarification.asked_at) | Q(
        asked_at=clarification.asked_at, pk__lte=clarification.pk
    )
    return clarification.bid.clarifications.filter(earlier).count()


@login_required
@require_http_methods(["GET", "POST"])
def clarification_answer(request, pk, bid_pk, clarification_pk):
    round_, bid = _bid_for(request, pk, bid_pk)
    clarification = get_object_or_404(bid.clarifications, pk=clarification_pk)
    form = AnswerForm(request.POST or None, initial={"answer": clarification.answer})
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            services.record_clarification_answer,
            clarification,
            by=request.user,
            answer=form.cleaned_data["answer"],
        )
        if ok:
            messages.success(request, "Answer recorded.")
            return redirect(bid)
    return render_form(
        request,
        "bids/simple_form.html",
        form,
        round=round_,
        bid=bid,
        title=f"Record the bidder's answer to question {_number(clarification)}",
        submit="Save the answer",
        intro=clarification.question,
    )
