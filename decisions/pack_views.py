"""The decision pack page: GET describes the pack and shows the download form; the download is
a POST (recorded in the round's trail by decisions.pack.export), so it still works on a published
round (recorded_download). Officers and auditors of the round reach it (404 for anyone
else); only officers see the "include names" box. Before the round is decided, a plain page says
when the pack will be ready.

The download streams (a StreamingHttpResponse): the export is recorded and committed first, then
the .xlsx leaves part by part as it is written (decisions.pack.stream), so the first bytes go at
once however big the round.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from commissioning import access
from commissioning.final import recorded_download
from decisions import common_views as common
from decisions import pack
from panels.models import Consent, ConsentKind, Member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PackForm(forms.Form):
    include_names = forms.BooleanField(
        label="Include the names of panel members who agreed to be named",
        required=False,
        help_text="Everyone else is shown as Panellist 1, Panellist 2 and so on.",
    )


def _consent_counts(round_) -> tuple[int, int]:
    members = Member.objects.filter(panel__round=round_).count()
    named = (
        Consent.objects.filter(
            member__panel__round=round_, kind=ConsentKind.NAMED, withdrawn_at=None
        )
        .values("member_id")
        .distinct()
        .count()
    )
    return named, members


@login_required
@recorded_download
@require_http_methods(["GET", "POST"])
def pack_page(request, pk):
    round_ = common.read_round(request, pk)
    is_officer = access.MANAGE in round_.user_perms
    if not pack.available(round_):
        status = 400 if request.method == "POST" else 200
        return render(request, "decisions/pack_not_yet.html", {"round": round_}, status=status)
    form = PackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        include = is_officer and form.cleaned_data["include_names"]
        try:
            chunks = pack.export(round_, by=request.user, include_names=include)
        except ValidationError:  # the round moved back to consensus meanwhile
            return render(request, "decisions/pack_not_yet.html", {"round": round_}, status=400)
        response = StreamingHttpResponse(chunks, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, pack.filename(round_))
        return response
    named, members = _consent_counts(round_)
    return render(
        request,
        "decisions/pack.html",
        {
            "round": round_,
            "form": form,
            "is_officer": is_officer,
            "named": named,
            "members": members,
        },
    )
