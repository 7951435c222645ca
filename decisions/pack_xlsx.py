"""A faster write-only worksheet for the decision pack's long sheets.

openpyxl (without lxml, which this project does not install) spends about 16 µs on each cell it
streams: it builds a Cell, then an XML element, then serialises it. A round with 45,000 individual
scores has over 400,000 cells, so the pack took about 10 s. `FastSheet` writes a row of plain
values (text, numbers, dates, None) straight as the same XML openpyxl would write, with each
column's style (number format) looked up once; a row holding openpyxl cells (the styled header)
(first value an openpyxl cell) goes through openpyxl's own path, as does everything when the XML writer is not the one expected.

The safety rule is config.spreadsheets' (FORMULA_STARTS): text is always written as a text cell,
never a formula, and text that starts like a formula also carries the quote prefix, as safe_cell
gives it. Characters a worksheet cannot hold (control characters) are dropped.
"""

from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter

from config.spreadsheets import FORMULA_STARTS, safe_cell

MAX_TEXT = 32767  # Excel's limit for one cell


def _text(value: str) -> str:
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):  # characters openpyxl refuses: dropped
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{value}</t></is>"


SHORT = 200  # short text (references, labels, statuses) repeats down a column: kept, up to
CACHE_MAX = 20_000  # this many different values


class FastWriter(WorksheetWriter):
    def write_row(self, xf, row, row_idx):
        raw = getattr(xf, "_file", None)
        if raw is None or (row and isinstance(row[0], Cell)):  # the note and the header
            return super().write_row(xf, self.ws.cells_of(row, row_idx), row_idx)
        letters, styles, quoted = self.ws.letters, self.ws.styles, self.ws.quoted_style
        cache = self.ws.texts
        out = [f'<row r="{row_idx}">']
        for n, value in enumerate(row):
            if value is None:
                continue
            ref = f"{letters[n]}{row_idx}"
            if isinstance(value, str):
                style = f' s="{quoted}"' if value.startswith(FORMULA_STARTS) else ""
                body = cache.get(value)
                if body is None:
                    body = _text(value)
                    if len(value) < SHORT and len(cache) < CACHE_MAX:
                        cache[value] = body
                out.append(f'<c r="{ref}"{style} t="inlineStr">{body}</c>')
                continue
            if isinstance(value, bool):
                out.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                continue
            if isinstance(value, (datetime, date)):
                value = to_excel(value)
            elif isinstance(value, Decimal):
                value = format(value, "f")
            style = f' s="{styles[n]}"' if styles[n] is not None else ""
            out.append(f'<c r="{ref}"{style} t="n"><v>{value}</v></c>')
        out.append("</row>")
        raw("".join(out))
        return None


class FastSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose rows of plain values are written by FastWriter. `formats`
    gives each column's number format (or None)."""

    def __init__(self, parent, title, formats):
        super().__init__(parent, title)
        self.letters = [get_column_letter(n) for n in range(1, len(formats) + 1)]
        self.styles = [self._style_id(f) for f in formats]
        self.quoted_style = safe_cell(self, "=").style_id
        self.texts = {}  # short text -> its XML

    def _style_id(self, number_format):
        if not number_format:
            return None
        cell = WriteOnlyCell(self, value=0)
        cell.number_format = number_format
        return cell.style_id

    def _values_to_row(self, values, row_idx):
        return values  # FastWriter takes the values as they are

    def cells_of(self, values, row_idx):
        return WriteOnlyWorksheet._values_to_row(self, values, row_idx)

    def _get_writer(self):
        if self._writer is None:
            self._writer = FastWriter(self)
            self._writer.write_top()


def fast_sheet(book, title, formats) -> FastSheet:
    ws = FastSheet(parent=book, title=title, formats=formats)
    book._add_sheet(ws)
    return ws
