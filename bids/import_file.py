"""Opening an uploaded bid spreadsheet safely, before any row is read.

Everything here refuses a file as a whole with a ValidationError whose message says, in plain
words, what is wrong and what to do. The zip package is checked before openpyxl sees it: a small
file that would unpack to hundreds of megabytes (a "zip bomb") is refused without unpacking it.
zipfile never returns more bytes for a member than the size its directory declares, so checking the
declared sizes is enough.
"""

import io
import logging
import re
import warnings
import zipfile
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_BIDS = 2000  # bids in one file
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # unpacked size / packed size of one part
RATIO_FLOOR = 1024 * 1024  # parts smaller than this cannot hurt, whatever their ratio
MAX_PARTS = 1000
SHEET_NAME = "Bids"

NOT_XLSX = (
    "This file is not an Excel spreadsheet (.xlsx). Download the template, fill it in and upload "
    "that file. A CSV file can be opened in Excel and saved as “Excel Workbook (.xlsx)”."
)
OLD_EXCEL = (
    "This looks like an older Excel file (.xls) or a spreadsheet protected by a password. Open it "
    "in Excel, remove any password, save it as “Excel Workbook (.xlsx)” and upload that copy."
)
DAMAGED = (
    "The file is damaged and cannot be opened. Open it in Excel, save it again as “Excel "
    "Workbook (.xlsx)” and upload the new copy."
)
BOMB = (
    "This file unpacks to far more data than a spreadsheet of bids should (over 50 MB), so it "
    "was refused. Copy the bids into a fresh template and upload that."
)


def read_upload(upload) -> bytes:
    """The upload's bytes, once its size is known to be sensible."""
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_UPLOAD_BYTES:
            raise ValidationError(_too_large())
        upload.seek(0)
        data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise ValidationError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_too_large())
    return data


def _too_large() -> str:
    return f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split the bids into smaller files."


def check_package(data: bytes) -> zipfile.ZipFile:
    """The open zip package, if it is an .xlsx that is safe to unpack."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(OLD_EXCEL)
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(NOT_XLSX)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ValidationError(DAMAGED) from exc
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise ValidationError(BOMB)
    for part in parts:
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise ValidationError(BOMB)
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ValidationError("This is a Word document, not an Excel spreadsheet (.xlsx).")
        if "mimetype" in names:
            raise ValidationError(
                "This is an OpenDocument file. Open it and save it as “Excel Workbook (.xlsx)”."
            )
        raise ValidationError(NOT_XLSX)
    return package


@contextmanager
def open_workbook(data: bytes):
    """Yields (workbook, zip package). Read-only, formulas kept as formulas so they can be refused."""
    package = check_package(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it ignores
            book = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        logger.info("Bid import: workbook could not be opened: %r", exc)
        package.close()
        raise ValidationError(DAMAGED) from exc
    try:
        yield book, package
    finally:
        book.close()
        package.close()


def bids_sheet(book) -> ReadOnlyWorksheet:
    names = list(book.sheetnames)
    if not names:
        raise ValidationError(
            "The file has no sheets in it. Download the template and put the bids in its "
            f"“{SHEET_NAME}” sheet."
        )
    for name in names:
        if name.strip().casefold() == SHEET_NAME.casefold():
            sheet = book[name]
            if not isinstance(sheet, ReadOnlyWorksheet):
                raise ValidationError(
                    f"The “{name}” sheet is a chart, not a sheet of cells. Download the template "
                    "and copy the bids into it."
                )
            sheet.reset_dimensions()  # the stored size may be wrong; read what is there
            return sheet
    listed = ", ".join(f"“{n}”" for n in names[:5])
    raise ValidationError(
        f"The file has no sheet called “{SHEET_NAME}” (it has {listed}). Download the template "
        f"and copy the bids into its “{SHEET_NAME}” sheet."
    )


_MERGE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"'
)
_CHUNK = 1024 * 1024
_OVERLAP = 256


def merged_ranges(package: zipfile.ZipFile, sheet: ReadOnlyWorksheet) -> list[str]:
    """Merged cell ranges such as "B4:C4". Read-only mode cannot see merges, and loading the whole
    sheet into memory to find them would defeat it, so the sheet's XML is scanned in chunks."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    found, tail = [], b""
    with package.open(path) as source:
        while chunk := source.read(_CHUNK):
            text = tail + chunk  # a tag cut in two by the chunking is whole here
            found.extend(m.group(1).decode() for m in _MERGE.finditer(text))
            tail = text[-_OVERLAP:]
    return list(dict.fromkeys(found))  # the overlap can find a range twice
