"""Importing bids from a spreadsheet: download the template, upload it, check the preview, confirm.

The spreadsheet is read once, at the preview, straight from where Django put the upload; the rows
it showed wait for the confirm step in VAR_DIR/imports (bids/import_store.py says why and how).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bids import import_store, importer, services
from commissioning import access
from config.views import render_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    try:  # read where Django put it (memory, or a temporary file): at most 10 MB, never copied
        preview = importer.parse(round_, form.cleaned_data["file"])
        ready = preview.ok and preview.new_rows
        token = import_store.keep(round_, request.user, preview.rows) if ready else ""
    except ValidationError as error:
        form.add_error("file", error)
        return _upload_page(request, round_, form)
    return _preview_page(request, round_, preview, token)


@login_required
@require_POST
def import_confirm(request, pk):
    round_, frozen = _open_round(request, pk)
    if frozen:
        return frozen
    confirm = ConfirmForm(request.POST)
    try:
        rows = (
            import_store.take(confirm.cleaned_data["token"], round_, request.user)
            if confirm.is_valid()
            else None
        )
        if rows is None:
            return _upload_page(request, round_, _refused(EXPIRED))
        created, skipped = services.import_bids(round_, request.user, rows)
    except ValidationError as error:
        return _upload_page(request, round_, _refused(error.messages))
    text = f"{len(created)} bid{pluralize(len(created))} imported."
    if skipped:
        were = "s were" if len(skipped) != 1 else " was"
        text += f" {len(skipped)} row{were} already in the round and skipped."
    messages.success(request, text)
    return redirect("bids:register", pk=round_.pk)
