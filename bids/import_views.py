"""Importing bids from a spreadsheet: download the template, upload it, check the preview, confirm.

Between the preview and the confirmation the file waits in VAR_DIR/imports under a random name.
The confirm form carries only a signed token naming that file, the round, the officer and the
file's SHA-256, valid for an hour; the file is read and checked again before anything is saved,
and deleted once the officer has confirmed.
"""

import contextlib
import hashlib
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bids import importer, services
from commissioning import access
from config.views import render_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGNING_SALT = "bids.import"
TOKEN_MAX_AGE = 60 * 60
EXPIRED = (
    "This preview has expired or has already been used. Upload the spreadsheet again to see a "
    "new preview."
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the filled-in spreadsheet",
        help_text="An Excel file (.xlsx) made from this round's template, smaller than 10 MB.",
        error_messages={
            "required": "Choose the spreadsheet to upload.",
            "empty": "The file is empty.",
        },
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_UPLOAD_BYTES:
            mb = importer.MAX_UPLOAD_BYTES // (1024 * 1024)
            raise ValidationError(
                f"The file is larger than {mb} MB. Split the bids into smaller files."
            )
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=2000)


def _open_round(request, pk):
    """(round, None), or (round, the "bids are frozen" response) once scoring has started."""
    round_ = access.get_round_for(request.user, pk, access.MANAGE)
    if not services.bids_open(round_):
        return round_, render(request, "bids/frozen.html", {"round": round_}, status=409)
    return round_, None


def _imports_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def _store(round_, user, data: bytes) -> str:
    """Keeps the file for the confirm step; returns the signed token that names it."""
    folder = _imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):  # previews never confirmed
        with contextlib.suppress(OSError):  # another request may have removed it first
            if old.stat().st_mtime < time.time() - TOKEN_MAX_AGE:
                old.unlink()
    name = uuid.uuid4().hex
    with open(folder / f"{name}.xlsx", "xb") as handle:
        handle.write(data)
    claims = {
        "file": name,
        "round": round_.pk,
        "user": str(user.pk),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return signing.dumps(claims, salt=SIGNING_SALT)


def _stored(token: str, round_, user) -> tuple[Path, bytes] | None:
    """The stored file the token names, if the token is valid for this round and officer and the
    file is unchanged; None otherwise."""
    try:
        claims = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        name = uuid.UUID(hex=claims["file"]).hex
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if claims.get("round") != round_.pk or claims.get("user") != str(user.pk):
        return None
    path = _imports_dir() / f"{name}.xlsx"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != claims.get("sha256"):
        return None
    return path, data


def _refused(error) -> ImportForm:
    """A blank upload form showing `error` on its file field."""
    form = ImportForm()
    form.cleaned_data = {}  # add_error expects a cleaned form; this one was never submitted
    form.add_error("file", error)
    return form


def _upload_page(request, round_, form):
    return render_form(request, "bids/import_form.html", form, round=round_)


def _preview_page(request, round_, preview, token=""):
    return render(
        request,
        "bids/import_preview.html",
        {
            "round": round_,
            "preview": preview,
            "new_rows": preview.new_rows,
            "existing_rows": preview.existing_rows,
            "problems": [str(p) for p in preview.problems],
            "form": ImportForm(),
            "confirm": ConfirmForm(initial={"token": token}) if token else None,
        },
    )


@login_required
@require_GET
def import_template(request, pk):
    round_, frozen = _open_round(request, pk)
    if frozen:
        return frozen
    return FileResponse(
        importer.build_template(round_),
        as_attachment=True,
        filename=f"bids-import-template-round-{round_.pk}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    round_, frozen = _open_round(request, pk)
    if frozen:
        return frozen
    if request.method != "POST":
        return _upload_page(request, round_, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, round_, form)
    upload = form.cleaned_data["file"]
    upload.seek(0)
    data = upload.read()  # at most 10 MB: the form refuses larger files
    try:
        preview = importer.parse(round_, data)
    except ValidationError as error:
        form.add_error("file", error)
        return _upload_page(request, round_, form)
    token = _store(round_, request.user, data) if preview.ok and preview.new_rows else ""
    return _preview_page(request, round_, preview, token)


@login_required
@require_POST
def import_confirm(request, pk):
    round_, frozen = _open_round(request, pk)
    if frozen:
        return frozen
    confirm = ConfirmForm(request.POST)
    stored = (
        _stored(confirm.cleaned_data["token"], round_, request.user) if confirm.is_valid() else None
    )
    if stored is None:
        return _upload_page(request, round_, _refused(EXPIRED))
    path, data = stored
    try:
        preview = importer.parse(round_, data)
        if not preview.ok:  # the round changed since the preview, e.g. a lot was removed
            return _preview_page(request, round_, preview)
        created, skipped = services.import_bids(round_, request.user, preview.rows)
    except ValidationError as error:
        return _upload_page(request, round_, _refused(error.messages))
    finally:
        path.unlink(missing_ok=True)
    text = f"{len(created)} bid{pluralize(len(created))} imported."
    if skipped:
        were = "s were" if len(skipped) != 1 else " was"
        text += f" {len(skipped)} row{were} already in the round and skipped."
    messages.success(request, text)
    return redirect("bids:register", pk=round_.pk)
