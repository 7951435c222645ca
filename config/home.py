"""The home page, the one page above every app: officers and auditors go to their rounds, panel
members see their panels. It lives in config, outside the house, because it asks two apps."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from commissioning import access
from panels import access as panel_access
from panels.readiness import checklist
from scoring.member_tasks import now


@login_required
@require_GET
def home(request):
    if access.rounds_visible_to(request.user).exists() or access.can_create_rounds(request.user):
        return redirect("commissioning:round_list")
    # Each panel with what to do in it now, so a panellist's first link is their next task.
    panels = [(m, now(m, checklist(m).gate)) for m in panel_access.memberships(request.user)]
    return render(request, "home.html", {"memberships": panels})
