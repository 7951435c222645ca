"""The auditor's read-only pages: a round's timeline, its verification, and exports.

An export is a POST (a GET never writes) because it is recorded in the trail it exports, so the
file itself shows who took a copy and when.

They live here, not in audit, because they are round pages: who may read a round is commissioning's
to say (commissioning.access), and audit sits below commissioning in the house. The trail, its
verifier and its exports stay audit's. The URL names keep the "audit" namespace (trail_urls.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from audit import exports, verified
from audit.filters import TrailFilter, trail_options
from audit.models import AuditEvent
from audit.people import actor_names, round_actor_names
from audit.tables import TrailTable
from commissioning import access
from commissioning.final import allowed_after_publication, recorded_download


class _CountedPaginator(Paginator):
    """A paginator told the number of rows, when it is known already, instead of counting them."""

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # count is a cached_property: this takes its place


@login_required
@require_GET
def trail(request, pk):
    round_ = access.get_round_for(request.user, pk, access.ANY)
    # The verification first: it reads the trail's head, which keys the filter's options (one
    # GROUP BY over the round's events, remembered until the next event).
    verification = verified.for_round(round_)
    options = trail_options(round_, verification.head)
    names = actor_names(options["actors"])
    events = AuditEvent.objects.for_round(round_)
    filterset = TrailFilter(
        request.GET or None, queryset=events, actor_names=names, options=options
    )
    table = TrailTable(filterset.qs, actor_names=names)
    paginate = {"per_page": 50, "paginator_class": _CountedPaginator}
    if filterset.unfiltered:
        paginate["count"] = options["events"]  # the whole trail: no COUNT over every event
    RequestConfig(request, paginate=paginate).configure(table)
    return render(
        request,
        "audit/trail.html",
        {"round": round_, "filter": filterset, "table": table, "verification": verification},
    )


@login_required
@allowed_after_publication  # checking changes nothing, and auditors check published rounds
@require_POST
def full_check(request, pk):
    """Starts checking the whole trail again, in the background; the trail page shows progress."""
    round_ = access.get_round_for(request.user, pk, access.ANY)
    if verified.start_full_check(round_):
        messages.success(request, "The whole trail is being checked again.")
    else:
        messages.info(request, "A check of the whole trail is already running.")
    return redirect("audit:trail", pk=round_.pk)


@login_required
@recorded_download
@require_POST
def export_xlsx(request, pk):
    round_ = access.get_round_for(request.user, pk, access.ANY)
    exports.record_export(round_, by=request.user, file_format="xlsx")
    handle = exports.xlsx_file(round_, round_actor_names(round_), round_.method_changed_after_bids)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"decision-trail-round-{round_.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@recorded_download
@require_POST
def export_jsonl(request, pk):
    round_ = access.get_round_for(request.user, pk, access.ANY)
    exports.record_export(round_, by=request.user, file_format="jsonl")
    response = StreamingHttpResponse(
        exports.jsonl_chunks(round_), content_type="application/x-ndjson"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="decision-trail-round-{round_.pk}.jsonl"'
    )
    return response
