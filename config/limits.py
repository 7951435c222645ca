"""Bounded cost for every request: a body larger than its page could ever need is refused before
it is read (issue 16).

A middleware, first in settings.MIDDLEWARE, so nothing before it touches the body:

- a declared body (Content-Length) over the limit for its URL is refused with 413 and a plain page
  before a byte of it is read; Django would otherwise parse it, writing every uploaded file to
  temporary storage, before any form could say the file is too big;
- a streamed body (Transfer-Encoding: chunked, which gunicorn hands on with wsgi.input_terminated)
  is read up to the limit and refused as soon as it goes over; one that fits is handed to Django as
  if its length had been declared. A server that cannot say where a streamed body ends gives Django
  none of it (Django reads no more than the declared length, none), so it costs nothing either.

Limits per URL: a bid document and a bid import may be as large as bids/ allows (its own constants,
plus room for the form's other fields), a bid's own form as large as Django's limit on form data
(13 answers of 20,000 characters, even in Welsh, fit); everything else 1 MB, which holds the
largest score sheet (13 reasons of 4,000 four-byte characters, percent-encoded, are 0.6 MB).
tests/test_security_limits.py holds each of these, through Django and through gunicorn.
"""

from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.urls import Resolver404, resolve

from bids.import_file import MAX_UPLOAD_BYTES
from config import headers

MB = 1024 * 1024
DEFAULT_LIMIT = 1 * MB
FORM_ALLOWANCE = 64 * 1024  # a multipart body's own headers and the form's other fields
DOCUMENT_LIMIT = settings.BID_DOCUMENT_MAX_BYTES + FORM_ALLOWANCE
IMPORT_LIMIT = MAX_UPLOAD_BYTES + FORM_ALLOWANCE
BID_FORM_LIMIT = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
CHUNK = 64 * 1024  # how much of a streamed body is read at a time

# URL name -> (largest body, what the page says the limit is for)
LIMITS = {
    "bids:document_upload": (DOCUMENT_LIMIT, settings.BID_DOCUMENT_MAX_BYTES, "a bid document"),
    "bids:import": (IMPORT_LIMIT, MAX_UPLOAD_BYTES, "a file of bids"),
    "bids:bid_create": (BID_FORM_LIMIT, BID_FORM_LIMIT, "a bid's form"),
    "bids:bid_edit": (BID_FORM_LIMIT, BID_FORM_LIMIT, "a bid's form"),
}


def _limit(path: str) -> tuple[int, int, str]:
    try:
        name = resolve(path).view_name
    except Resolver404:
        name = ""
    return LIMITS.get(name, (DEFAULT_LIMIT, DEFAULT_LIMIT, "this page"))


def limit_for(path: str) -> int:
    """The largest request body accepted at `path`, in bytes."""
    return _limit(path)[0]


def _declared_length(environ) -> int | None:
    try:
        return max(int(environ.get("CONTENT_LENGTH")), 0)
    except (TypeError, ValueError):
        return None


def _too_large(request, shown: int, what: str):
    size = f"{shown / MB:.1f}".removesuffix(".0")
    response = render(request, "413.html", {"size": size, "what": what}, status=413)
    response["Cache-Control"] = "no-store"
    return headers.protect(response)


class RequestBodyLimit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        length = _declared_length(environ)
        if length is not None:
            if length > DEFAULT_LIMIT:
                limit, shown, what = _limit(request.path_info)
                if length > limit:
                    return _too_large(request, shown, what)
            return self.get_response(request)
        streamed = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not (streamed and environ.get("wsgi.input_terminated")):
            return self.get_response(request)
        limit, shown, what = _limit(request.path_info)
        body = self._read_streamed(environ["wsgi.input"], limit)
        if body is None:
            return _too_large(request, shown, what)
        size = body.tell()
        body.seek(0)
        environ["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(body, size)  # what WSGIRequest would have made
        response = self.get_response(request)
        response._resource_closers.append(body.close)
        return response

    @staticmethod
    def _read_streamed(source, limit):
        """The streamed body in a spooled file, or None as soon as it passes `limit`."""
        body = SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        read = 0
        while chunk := source.read(CHUNK):
            read += len(chunk)
            if read > limit:
                body.close()
                return None
            body.write(chunk)
        return body
