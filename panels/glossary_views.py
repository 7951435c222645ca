"""The glossary page: open to anyone, so a parent or carer can read it too. It shows no data."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from panels.glossary import TERMS


@require_GET
def glossary(request):
    return render(request, "panels/glossary.html", {"terms": TERMS})
