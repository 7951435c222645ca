"""Bid documents: checked by content and size, stored under random names, served only after a
permission check."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from bids import documents
from bids.models import Document

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _upload(client, round_, name, content):
    bid = round_.lots.first().bids.first()
    url = reverse("bids:document_upload", args=[round_.pk, bid.pk])
    return bid, client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    "name,content,kind",
    [("plan.pdf", PDF, "pdf"), ("budget.docx", DOCX, "docx"), ("notes.odt", ODT, "odt")],
)
def test_accepted_documents_are_stored_and_recorded(
    round_, officer_user, as_user, name, content, kind
):
    bid, response = _upload(as_user(officer_user), round_, name, content)
    assert response.status_code == 302
    document = bid.documents.filter(original_name=name).last()
    assert document.kind == kind and document.size == len(content)
    assert documents.path_for(document.stored_name).read_bytes() == content
    event = AuditEvent.objects.for_round(round_).filter(action="bid.document_added").last()
    assert event.after["name"] == name and event.after["sha256"] == document.sha256


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "This file is not a PDF"),
        ("run.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "This file is not a PDF"),
        ("broken.docx", b"PK\x03\x04garbage-that-is-not-a-zip", "damaged"),
        ("empty.pdf", b"", "The file is empty"),
        ("photo.docx", _zip({"something.txt": b"hi"}), "This file is not a PDF"),
    ],
)
def test_refused_documents_say_why_and_store_nothing(
    round_, officer_user, as_user, name, content, message
):
    before = Document.objects.count()
    _, response = _upload(as_user(officer_user), round_, name, content)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert Document.objects.count() == before


def test_oversized_document_is_refused(round_, officer_user, as_user, settings):
    settings.BID_DOCUMENT_MAX_BYTES = 1024 * 1024
    _, response = _upload(as_user(officer_user), round_, "big.pdf", PDF + b" " * (1024 * 1024))
    assert "The file is larger than 1 MB." in " ".join(response.context["form"].errors["file"])


def test_a_path_in_the_filename_never_becomes_a_path(round_, officer_user, as_user, settings):
    bid, response = _upload(as_user(officer_user), round_, "../../etc/passwd.pdf", PDF)
    assert response.status_code == 302
    document = bid.documents.get(original_name="passwd.pdf")
    stored = documents.path_for(document.stored_name)
    assert stored.parent == settings.MEDIA_ROOT / "bid-documents"
    assert stored.name == document.stored_name.hex
    _, response = _upload(as_user(officer_user), round_, "../../etc/passwd", PDF)
    assert bid.documents.filter(original_name="passwd.pdf").count() == 2  # named by its real type


def test_documents_are_served_only_through_the_permission_check(
    round_, officer_user, auditor, outsider, other_officer, as_user
):
    bid = round_.lots.first().bids.first()
    document = bid.documents.get()
    url = reverse("bids:document", args=[round_.pk, bid.pk, document.pk])
    response = as_user(auditor).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    for person in (outsider, other_officer):
        assert as_user(person).get(url).status_code == 404
    assert as_user(None).get(url).status_code == 302
    other_bid = round_.lots.last().bids.first()
    guessed = reverse("bids:document", args=[round_.pk, other_bid.pk, document.pk])
    assert as_user(auditor).get(guessed).status_code == 404
