"""Training: the officer's pages. (Being built: each view answers 404 until written.)"""

from django.http import Http404


def py(request, **kwargs):
    raise Http404


def modules(request, **kwargs):
    raise Http404


def module_create(request, **kwargs):
    raise Http404


def module_edit(request, **kwargs):
    raise Http404


def question_create(request, **kwargs):
    raise Http404


def question_edit(request, **kwargs):
    raise Http404


def practice_edit(request, **kwargs):
    raise Http404


def progress(request, **kwargs):
    raise Http404
