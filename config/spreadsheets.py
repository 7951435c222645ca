"""Writing .xlsx safely: cells that would start a formula are written as text."""

import tempfile

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(sheet, value):
    """A write-only cell; text that Excel would run as a formula is stored as plain text."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def saved(book):
    """Saves a workbook to a temporary file and rewinds it, for a FileResponse to stream."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    book.save(handle)
    handle.seek(0)
    return handle
