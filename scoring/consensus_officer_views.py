"""Being written: the consensus meeting's pages (issue 12)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404("Not built yet")


lots = agenda = bid = record = tick = show = confirm_for = meeting = _todo
home = attendance = confirm = present = present_now = _todo
overview = deputy = _todo
