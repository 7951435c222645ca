"""The co-production monitoring report (officers and auditors, from induction onwards; before
that a plain "not yet" page). A POST downloads it as a spreadsheet, officers only, recorded in the
trail, and still works after publication. Thin: decisions.coproduction builds, these render."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from commissioning import access
from commissioning.final import recorded_download
from decisions import common_views as common
from decisions import coproduction
from decisions.coproduction_xlsx import xlsx_file


@login_required
@recorded_download
@require_http_methods(["GET", "POST"])
def report(request, pk):
    round_ = common.read_round(request, pk)
    if round_.stage not in coproduction.STAGES:
        status = 400 if request.method == "POST" else 200
        return render(
            request, "decisions/coproduction_not_yet.html", {"round": round_}, status=status
        )
    built = coproduction.build(round_)
    if request.method == "POST":
        coproduction.record_download(round_, by=request.user)
        return FileResponse(
            xlsx_file(built),
            as_attachment=True,
            filename=f"co-production-report-round-{round_.pk}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render(
        request,
        "decisions/coproduction.html",
        {"round": round_, "report": built, "is_officer": access.MANAGE in round_.user_perms},
    )
