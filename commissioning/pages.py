"""What the officer pages for a round share: the round for its officers, the page for a round whose
setup is frozen, and the confirm-and-remove page."""

from django.contrib import messages
from django.shortcuts import redirect, render

from commissioning import access
from commissioning.forms import RemoveForm
from commissioning.models import SetupState
from config.views import call_service, render_form


def round_for_officer(request, pk):
    return access.get_round_for(request.user, pk, access.MANAGE)


def frozen(request, round_):
    return render(request, "commissioning/frozen.html", {"round": round_}, status=409)


def remove_page(request, round_, obj, service, next_url):
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = RemoveForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, service, obj, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
        if ok:
            messages.success(request, f"{obj} removed.")
            return redirect(next_url)
    return render_form(request, "commissioning/remove.html", form, round=round_, obj=obj)
