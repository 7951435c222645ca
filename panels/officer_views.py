"""Panels: the officer's pages. (Being built: each view answers 404 until written.)"""

from django.http import Http404


def py(request, **kwargs):
    raise Http404


def panels(request, **kwargs):
    raise Http404


def panel_create(request, **kwargs):
    raise Http404


def panel_edit(request, **kwargs):
    raise Http404


def invite(request, **kwargs):
    raise Http404


def member_add(request, **kwargs):
    raise Http404


def invitation_cancel(request, **kwargs):
    raise Http404


def member(request, **kwargs):
    raise Http404


def member_status(request, **kwargs):
    raise Http404


def time_add(request, **kwargs):
    raise Http404


def expense_add(request, **kwargs):
    raise Http404


def consent_record(request, **kwargs):
    raise Http404


def conflicts(request, **kwargs):
    raise Http404


def conflict_decide(request, **kwargs):
    raise Http404


def assessment(request, **kwargs):
    raise Http404


def assignments(request, **kwargs):
    raise Http404
