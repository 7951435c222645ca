"""Panels: the member's pages. (Being built: each view answers 404 until written.)"""

from django.http import Http404


def py(request, **kwargs):
    raise Http404


def accept(request, **kwargs):
    raise Http404


def dashboard(request, **kwargs):
    raise Http404


def profile(request, **kwargs):
    raise Http404


def consents(request, **kwargs):
    raise Http404


def consent_withdraw(request, **kwargs):
    raise Http404


def declare(request, **kwargs):
    raise Http404


def my_bids(request, **kwargs):
    raise Http404


def bid(request, **kwargs):
    raise Http404


def bid_document(request, **kwargs):
    raise Http404


def recognition(request, **kwargs):
    raise Http404


def certificate(request, **kwargs):
    raise Http404
