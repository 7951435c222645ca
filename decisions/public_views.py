"""The public pages of published rounds: no login, GET only, 404 for any round not published.

Anonymous public reads and downloads are not events in the decision trail: they have no actor, and
a public GET must never write (not a row, not an event). What the trail proves is who decided;
who read the published record afterwards is not part of the decision.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from decisions import open_data, public


@require_GET
def public_index(request):
    return render(
        request, "decisions/public_index.html", {"publications": public.published_rounds()}
    )


@require_GET
def public_round(request, pk):
    record = public.record(pk)
    return render(
        request,
        "decisions/public.html",
        {
            "record": record,
            "round": record.round,
            "has_ocds": open_data.has_ocds(record.round),
            "has_360giving": open_data.has_360giving(record),
        },
    )


def _download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def public_ocds(request, pk):
    record = public.record(pk)
    if not open_data.has_ocds(record.round):
        raise Http404("A grant round has no OCDS release")
    document = open_data.ocds_package(record)
    return _download(open_data.dumps(document), f"{open_data.ocid(record.round)}.json")


@require_GET
def public_360giving(request, pk):
    record = public.record(pk)
    if not open_data.has_360giving(record):
        raise Http404("Only a grant round with grants awarded has 360Giving data")
    document = open_data.threesixty_package(record)
    return _download(open_data.dumps(document), f"{document['identifier']}.json")
