"""Checking and storing bid documents.

A file is accepted by what it contains, not what it is called: a PDF must start like one, and Word,
OpenDocument and Excel files must be intact zip packages holding the parts that format needs. The
user's filename never becomes a path: files are stored under a random name outside the web root,
in the default storage (the local disk, or a private S3 bucket: config/scaleout.py), and read back
only by the views that check who may see them.
A zip package is measured from its directory (bids/zips.py) and only the few bytes of its mimetype
part are ever unpacked, so a small file that unpacks to hundreds of megabytes costs nothing.
"""

import hashlib
import re
import unicodedata
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404

from bids import zips
from bids.models import DocumentKind

ALLOWED = "a PDF, a Word document (.docx), an OpenDocument text (.odt) or an Excel file (.xlsx)"
MAX_UNZIPPED = 200 * 1024 * 1024  # a larger unpacked size is treated as a zip bomb
MAX_RATIO = 100  # unpacked / packed size of one part larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 10_000
PACKAGE_PROBLEMS = {
    zips.BOMB: "This file unpacks to far more than a document of this size should, so it was refused.",
    zips.ENCRYPTED: (
        "Part of this file is protected by a password, so it cannot be checked. Remove the "
        "password, save it again and upload that copy."
    ),
    zips.METHOD: (
        "This file is packed in a way Word, Excel and LibreOffice do not use, so it cannot be "
        "checked. Open it, save it again and upload that copy."
    ),
}
ZIP_PARTS = {
    DocumentKind.DOCX: "word/document.xml",
    DocumentKind.XLSX: "xl/workbook.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "bid-documents"


def storage_name(stored_name) -> str:
    """The document's name in the default storage: its UUID, never anything the user typed."""
    return f"bid-documents/{uuid.UUID(str(stored_name)).hex}"


def path_for(stored_name) -> Path:
    """Where the local disk storage keeps it (only meaningful without S3)."""
    return storage_dir() / uuid.UUID(str(stored_name)).hex


def open_stored(stored_name):
    """The stored file, opened for reading, for a FileResponse (which closes it); a 404 when the
    storage has lost it. Callers check permissions first."""
    try:
        return default_storage.open(storage_name(stored_name), "rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing from storage.") from missing


def discard(stored_name) -> None:
    """Removes a stored file whose record was never written."""
    default_storage.delete(storage_name(stored_name))


def safe_display_name(name: str) -> str:
    """The last path part only, without control characters, at most 150 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[-150:] or "document"


def detect_kind(upload) -> str:
    """The document's real type from its bytes, or a ValidationError saying what is wrong."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return DocumentKind.PDF
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError(f"This file is not {ALLOWED}. Check you chose the right file.")
    try:
        with zipfile.ZipFile(upload) as package:
            members = package.infolist()
            problem = zips.directory_problem(
                members,
                max_parts=MAX_PARTS,
                max_unpacked=MAX_UNZIPPED,
                max_ratio=MAX_RATIO,
                ratio_floor=RATIO_FLOOR,
            )
            if problem:
                raise ValidationError(PACKAGE_PROBLEMS[problem])
            names = {m.filename for m in members}
            if "mimetype" in names:
                head = zips.read_head(package, "mimetype", len(ODT_MIMETYPE) + 64)
                if head.strip() == ODT_MIMETYPE:
                    return DocumentKind.ODT
            for kind, part in ZIP_PARTS.items():
                if part in names:
                    return kind
    except (*zips.UNREADABLE, zipfile.LargeZipFile, ValueError) as exc:
        raise ValidationError("This file is damaged and cannot be opened.") from exc
    finally:
        upload.seek(0)
    raise ValidationError(f"This file is not {ALLOWED}.")


def check(upload) -> tuple[str, str]:
    """(kind, display name) for an acceptable upload; a ValidationError otherwise."""
    limit = settings.BID_DOCUMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("The file is empty.")
    if upload.size > limit:
        raise ValidationError(f"The file is larger than {limit // (1024 * 1024)} MB.")
    kind = detect_kind(upload)
    name = safe_display_name(upload.name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return kind, f"{stem}.{kind}"


def store(upload) -> tuple[uuid.UUID, str]:
    """Writes the upload under a new random name; returns (stored name, sha256)."""
    stored = uuid.uuid4()
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = default_storage.save(storage_name(stored), upload)
    if name != storage_name(stored):  # a storage that renamed it would lose the link to it
        default_storage.delete(name)
        raise RuntimeError(f"The storage stored {storage_name(stored)} as {name}.")
    return stored, digest.hexdigest()
