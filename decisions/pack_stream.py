"""An openpyxl write-only workbook sent as it is written: the .xlsx zip goes to a sink that cannot
seek, so Python's zipfile puts each part's sizes in a data descriptor after its data, and every
finished part can leave at once instead of waiting for the whole file.

The parts are those openpyxl's own save writes (openpyxl.writer.excel.ExcelWriter.write_data),
in an order that lets the first bytes leave before anything is computed:

1. the document properties and the theme (start()), which depend on nothing;
2. each worksheet as soon as its rows are written (sheet()): openpyxl writes a write-only sheet
   to a temporary file of its own, which is copied into the zip in chunks and then removed, so
   memory holds at most a chunk of one sheet, never the workbook;
3. the styles, the relationships, the workbook and the content types (finish()), which list what
   the sheets used, and then the zip's central directory.

A worksheet's tab order is the order the sheets were created in the workbook, not the order their
parts are written, so a sheet that sums up the others (the pack's cover) can be created first and
written last.

This drives openpyxl 3.1's writer steps itself instead of calling save(), so it relies on some of
openpyxl's internals: a write-only sheet's `_writer` (its `out` temporary file, `_rels` and
`cleanup()`), a sheet's `_id` (which names its part), `Manifest._write`, and the part writers
(WorkbookWriter, write_stylesheet, theme_xml). openpyxl is pinned in requirements.txt;
tests/test_decision_pack.py checks that the streamed file has exactly the parts openpyxl's own
save gives and the same cells, so an upgrade that changes any of this fails there.
"""

import datetime
import os
from collections.abc import Iterator
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.packaging.manifest import Manifest
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (
    ARC_APP,
    ARC_CORE,
    ARC_ROOT_RELS,
    ARC_STYLE,
    ARC_THEME,
    ARC_WORKBOOK,
    ARC_WORKBOOK_RELS,
)
from openpyxl.xml.functions import tostring

CHUNK = 64 * 1024  # bytes handed on at a time, at most about this much held


class _Sink:
    """Collects what zipfile writes until it is taken. No seek() or tell(): zipfile then writes
    each part's CRC and sizes after its data (a data descriptor) instead of going back."""

    def __init__(self):
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts, self.size = [], 0
        return data


class StreamingBook:
    """A write-only Workbook (`book`) whose .xlsx is yielded part by part: start(), then sheet(ws)
    for every worksheet once its rows are appended, then finish(). Only plain worksheets (cells,
    styles, column widths, frozen panes): charts, images, comments, tables, hyperlinks and the
    like are refused rather than silently dropped."""

    def __init__(self):
        self.book = Workbook(write_only=True)
        self._sink = _Sink()
        self._zip = ZipFile(self._sink, "w", ZIP_DEFLATED)
        self._manifest = Manifest()
        self._written: set[int] = set()

    def _drain(self, at_least: int = 1) -> Iterator[bytes]:
        if self._sink.size >= at_least:
            yield self._sink.take()

    def start(self) -> Iterator[bytes]:
        """The document properties and the theme: nothing to compute, so they leave at once."""
        book = self.book
        if len(book.custom_doc_props) or book.vba_archive is not None:
            raise NotImplementedError("Only plain workbooks are streamed.")
        book.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        self._zip.writestr(ARC_APP, tostring(ExtendedProperties().to_tree()))
        self._zip.writestr(ARC_CORE, tostring(book.properties.to_tree()))
        self._zip.writestr(ARC_THEME, book.loaded_theme or theme_xml)
        yield from self._drain()

    def sheet(self, ws) -> Iterator[bytes]:
        """Closes the write-only sheet `ws` (its rows all appended) and sends its part."""
        if ws._charts or ws._images or ws._tables or getattr(ws, "_pivots", None):
            raise NotImplementedError("Only plain worksheets are streamed.")
        ws._id = self.book.worksheets.index(ws) + 1  # names its part: xl/worksheets/sheetN.xml
        if not ws.closed:
            ws.close()
        writer = ws._writer
        if writer._rels or ws._comments or ws._hyperlinks or ws.legacy_drawing is not None:
            raise NotImplementedError("Only plain worksheets are streamed.")
        try:
            with open(writer.out, "rb") as src, self._zip.open(ws.path[1:], "w") as dest:
                while chunk := src.read(CHUNK):
                    dest.write(chunk)
                    yield from self._drain(CHUNK)
        finally:
            writer.cleanup()  # the sheet's temporary file
        self._written.add(ws._id)
        yield from self._drain()

    def finish(self) -> Iterator[bytes]:
        """The styles, relationships, workbook and content types, then the central directory."""
        book = self.book
        missing = [ws.title for ws in book.worksheets if ws._id not in self._written]
        if missing or book.chartsheets or book._external_links:
            raise ValueError(f"Sheets not written: {missing}" if missing else "Not a plain book.")
        for ws in book.worksheets:  # in tab order, as openpyxl's save lists them
            self._manifest.append(ws)
        self._zip.writestr(ARC_STYLE, tostring(write_stylesheet(book)))
        writer = WorkbookWriter(book)
        self._zip.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        self._zip.writestr(ARC_WORKBOOK, writer.write())
        self._zip.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        self._manifest._write(self._zip, book)  # [Content_Types].xml, from the parts written
        self._zip.close()
        yield from self._drain()

    def discard(self):
        """After a stream stopped part-way: removes the temporary files of sheets not sent."""
        for ws in self.book.worksheets:
            writer = ws._writer
            if writer is not None and isinstance(writer.out, str) and os.path.exists(writer.out):
                writer.cleanup()
