"""Training: the member's pages. (Being built: each view answers 404 until written.)"""

from django.http import Http404


def py(request, **kwargs):
    raise Http404


def task_list(request, **kwargs):
    raise Http404


def module(request, **kwargs):
    raise Http404


def practice(request, **kwargs):
    raise Http404


def practice_result(request, **kwargs):
    raise Http404
