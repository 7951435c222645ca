"""Opening an uploaded bid spreadsheet safely, before any row is read.

Everything here refuses a file as a whole with a ValidationError whose message says, in plain
words, what is wrong and what to do. The zip package is checked before openpyxl sees it: a small
file that would unpack to hundreds of megabytes (a "zip bomb"), a part that is encrypted or packed
in a way zipfile cannot unpack, too many shared strings, or a sheet of countless cells, are refused
from the directory or a capped streaming count, never by unpacking or loading the file first
(bids/zips.py). Worst cases are measured by tests/perf/bench_hostile_uploads.py.
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

from bids import zips

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_BIDS = 2000  # bids in one file
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # unpacked size / packed size of one part
RATIO_FLOOR = 1024 * 1024  # parts smaller than this cannot hurt, whatever their ratio
MAX_PARTS = 1000
# What openpyxl is allowed to build. It costs about 30 us a shared string, and 9 us a cell read
# twice when the sheet does not state its size, so these caps keep the slowest file it accepts
# near 2-3 s (tests/perf/bench_hostile_uploads.py). A real file of 2,000 bids answering 7 questions
# has 28,000 cells and about 12 different texts a bid.
MAX_SHARED_STRINGS = 50_000
MAX_CELLS = 100_000
MAX_ELEMENTS = 1_500_000  # "<" in the whole package
MAX_PART_ELEMENTS = 200_000  # "<" in a part other than sheets and shared strings (styles, rels)
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
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
ENCRYPTED = (
    "Part of this file is protected by a password, so it cannot be read. Open it in Excel, remove "
    "the password, save it as “Excel Workbook (.xlsx)” and upload that copy."
)
PACKED_ODDLY = (
    "This file is packed in a way Excel does not use, so it cannot be read. Open it in Excel or "
    "LibreOffice, save it as “Excel Workbook (.xlsx)” and upload that copy."
)
TOO_MANY_STRINGS = (
    f"This file holds more than {MAX_SHARED_STRINGS:,} different pieces of text, far more than "
    f"{MAX_BIDS:,} bids need, so it was refused. Copy the bids into a fresh template and upload that."
)
TOO_MANY_CELLS = (
    f"A sheet in this file has more than {MAX_CELLS:,} cells, far more than {MAX_BIDS:,} bids "
    "need. Delete the rows and columns outside your bids, even ones that look empty, and any other "
    "sheets you added, and upload it again."
)
BOMB = (
    "This file unpacks to far more data than a spreadsheet of bids should (over 50 MB), so it "
    "was refused. Copy the bids into a fresh template and upload that."
)


PACKAGE_PROBLEMS = {
    zips.ENCRYPTED: ENCRYPTED,
    zips.METHOD: PACKED_ODDLY,
    zips.BOMB: BOMB,
}


def read_upload(upload):
    """The upload as a seekable binary file, once its size is known to be sensible. Nothing is
    copied: bytes are wrapped, an uploaded file is read where Django put it (memory or disk)."""
    if isinstance(upload, bytes | bytearray):
        upload = io.BytesIO(bytes(upload))
    size = getattr(upload, "size", None)
    if size is None:
        size = upload.seek(0, io.SEEK_END)
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(_too_large())
    if not size:
        raise ValidationError("The file is empty.")
    upload.seek(0)
    return upload


def _too_large() -> str:
    return f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split the bids into smaller files."


def check_package(source) -> zipfile.ZipFile:
    """The open zip package, if it is an .xlsx that is safe to unpack: measured from its directory,
    then streamed part by part with every count capped (bids/zips.py), before openpyxl sees it."""
    source.seek(0)
    head = source.read(4)
    source.seek(0)
    if head == b"\xd0\xcf\x11\xe0":
        raise ValidationError(OLD_EXCEL)
    if head != b"PK\x03\x04":
        raise ValidationError(NOT_XLSX)
    try:
        package = zipfile.ZipFile(source)
        parts = package.infolist()
    except (*zips.UNREADABLE, zipfile.LargeZipFile) as exc:  # "zip file version 8.4", and so on
        raise ValidationError(DAMAGED) from exc
    problem = zips.directory_problem(
        parts,
        max_parts=MAX_PARTS,
        max_unpacked=MAX_UNPACKED_BYTES,
        max_ratio=MAX_RATIO,
        ratio_floor=RATIO_FLOOR,
    )
    if problem:
        package.close()
        raise ValidationError(PACKAGE_PROBLEMS[problem])
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names:
        package.close()
        if "word/document.xml" in names:
            raise ValidationError("This is a Word document, not an Excel spreadsheet (.xlsx).")
        if "mimetype" in names:
            raise ValidationError(
                "This is an OpenDocument file. Open it and save it as “Excel Workbook (.xlsx)”."
            )
        raise ValidationError(NOT_XLSX)
    try:
        _count_elements(package, parts)
    except ValidationError:
        package.close()
        raise
    return package


def _count_elements(package: zipfile.ZipFile, parts) -> None:
    """Caps what openpyxl would build before it builds it: the shared strings it loads into a list
    when the workbook opens, the cells of every sheet (it reads a sheet whole just to find its size
    when the sheet does not state it), and elements in the whole package (styles, rels...)."""
    try:
        strings = _shared_strings_parts(package, parts)
        for name in strings:
            zips.count_tags(package, name, {"si": MAX_SHARED_STRINGS})
        sheets = [p.filename for p in parts if p.filename.startswith("xl/worksheets/")]
        for name in sheets:
            try:
                zips.count_tags(package, name, {"c": MAX_CELLS})
            except zips.TooMany as exc:
                raise ValidationError(TOO_MANY_CELLS) from exc
        elements = 0
        for part in parts:
            big = part.filename in strings or part.filename in sheets
            in_part = 0
            with package.open(part) as source:
                while chunk := source.read(zips.CHUNK):
                    in_part += chunk.count(b"<")
                    if elements + in_part > MAX_ELEMENTS or (
                        not big and in_part > MAX_PART_ELEMENTS
                    ):
                        raise ValidationError(BOMB)
            elements += in_part
    except zips.TooMany as exc:
        raise ValidationError(TOO_MANY_STRINGS) from exc
    except zips.UNREADABLE as exc:
        raise ValidationError(DAMAGED) from exc


_OVERRIDE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Override\b[^>]*>")
_PART_NAME = re.compile(rb'PartName="/?([^"]+)"')


def _shared_strings_parts(package: zipfile.ZipFile, parts) -> list[str]:
    """Where the shared strings are: named in [Content_Types].xml, as openpyxl finds them, and any
    part called sharedStrings.xml for good measure."""
    names = {p.filename for p in parts}
    found = {n for n in names if n.casefold().endswith("sharedstrings.xml")}
    if "[Content_Types].xml" in names:
        types = zips.read_head(package, "[Content_Types].xml", MAX_CONTENT_TYPES_BYTES)
        for tag in _OVERRIDE.findall(types):
            name = _PART_NAME.search(tag)
            if b"sharedStrings+xml" in tag and name and name.group(1).decode() in names:
                found.add(name.group(1).decode())
    return sorted(found)


@contextmanager
def open_workbook(source):
    """Yields (workbook, zip package). Read-only, formulas kept as formulas so they can be refused."""
    package = check_package(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it ignores
            source.seek(0)
            book = load_workbook(source, read_only=True, data_only=False, keep_links=False)
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
_CELL = zips.element_pattern("c")


def scan_sheet(package: zipfile.ZipFile, sheet: ReadOnlyWorksheet) -> list[str]:
    """Merged cell ranges such as "B4:C4", streamed from the sheet's XML (its cells are already
    counted): read-only mode cannot see merges, and loading the sheet to find them would defeat it."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    found = []
    try:
        zips.scan(package, path, _MERGE, lambda match: found.append(match.group(1).decode()))
    except zips.UNREADABLE as exc:
        raise ValidationError(DAMAGED) from exc
    return list(dict.fromkeys(found))
