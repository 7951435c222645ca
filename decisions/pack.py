"""The decision pack: one .xlsx holding everything an auditor needs about a decided round.

Sheets: a cover (the round, and the trail entry the pack stands on: the publication's signed head,
or the trail's current head, labelled "not yet published"), the panel, bids, individual scores with
reasons, consensus records, scores moved at the meeting and the moderation impact, officer checks,
how totals were worked out, totals, ranks and awards with reasons, lots, conflicts and decisions,
training, sign-off and the stage history (decisions/pack_sheets.py, pack_records.py).

Rules:
- Numbers come from decisions.results.round_results (and decisions.impact), as on the results page.
- Panel members are "Panellist N" (decisions/pack_people.py); a name appears only when an officer
  asks for names and that member has a live consent to be named.
- The same data gives the same cell values: no "now" in any cell, fixed order everywhere.
- Written in openpyxl's write-only mode, the individual scores streamed (openpyxl writes through
  lxml's incremental writer, pinned in requirements.txt for that speed). Text is always stored as
  text: text a spreadsheet would run as a formula gets the quote prefix
  (config.spreadsheets.safe_cell) and text that reads as an error code (#N/A) stays text;
  characters a worksheet cannot hold (control characters) are dropped rather than refused.
- A fixed number of queries, whatever the round's size.

`export(round_, by=..., include_names=...)` is the service: it checks who asks and records
"decision_pack.exported" (with whether names were included) in a transaction of its own, committed
before the first byte is written (as the trail's exports do), then streams the pack: the .xlsx
leaves part by part as each sheet is written (decisions/pack_stream.py), so the first bytes go at
once and memory stays flat whatever the round's size. The pack reads one consistent state of the
round: on PostgreSQL a REPEATABLE READ, READ ONLY transaction held while it streams (so its
cover's trail head, which includes the export's own event, and every sheet agree); on SQLite the
transaction serialises with writers, which wait while a pack streams (as they waited while it was
built). `workbook()` builds the same cells in one go (for tests and checks).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

import audit
from audit.models import AuditEvent
from commissioning import access
from commissioning.models import Aggregation, Mode, Round, Stage, TieBreak
from config.spreadsheets import FORMULA_STARTS, safe_cell
from decisions import pack_records as records
from decisions import pack_sheets as sheets
from decisions import pack_stream
from decisions.impact import moderation_impact
from decisions.pack_people import people as people_of
from decisions.publication import publication_of
from decisions.results import round_results

AVAILABLE = (Stage.DECIDED, Stage.PUBLISHED)
ACTION = "decision_pack.exported"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
NOTE_FONT = Font(italic=True)
TITLE_FONT = Font(bold=True, size=14)
KEY_FONT = Font(bold=True)


def available(round_) -> bool:
    return round_.stage in AVAILABLE


def filename(round_) -> str:
    return f"decision-pack-{round_.pk}.xlsx"


# Writing cells ------------------------------------------------------------------------------------


def _text(ws, value: str):
    """Text as stored: characters a worksheet cannot hold dropped (openpyxl would refuse the whole
    file); text that would run as a formula, or read as an error code, kept as text."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return safe_cell(ws, value)
    if value in ERROR_CODES:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _cell(ws, value, number_format=None):
    """A value as appended: plain (fast) unless it is text or needs a number format."""
    if isinstance(value, str):
        return _text(ws, value)
    if number_format is not None and value is not None:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        return cell
    return value


def _styled(ws, value, font=None, fill=None, alignment=None):
    cell = _text(ws, value)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(ws, value=cell)
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if alignment:
        cell.alignment = alignment
    return cell


def write_sheet(book, sheet: sheets.Sheet):
    formats = [col.number_format for col in sheet.columns]
    ws = book.create_sheet(sheet.title[:31])
    for n, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = col.width
    ws.freeze_panes = "A3"  # the note and the header stay in view
    ws.append([_styled(ws, sheet.note, font=NOTE_FONT)])
    ws.append(
        [_styled(ws, col.header, HEADER_FONT, HEADER_FILL, HEADER_ALIGN) for col in sheet.columns]
    )
    for row in sheet.rows:
        ws.append([_cell(ws, value, fmt) for value, fmt in zip(row, formats, strict=False)])
    return ws


# The cover ----------------------------------------------------------------------------------------


def trail_head(round_) -> tuple[int, str] | None:
    """The round's last trail entry (sequence, hash), read from the events themselves."""
    return AuditEvent.objects.for_round(round_).order_by("-seq").values_list("seq", "hash").first()


def cover_rows(round_, people, include_names: bool) -> list[tuple[str, object]]:
    publication = publication_of(round_) if round_.stage == Stage.PUBLISHED else None
    rows = [
        ("Round", round_.name),
        ("Round number", round_.pk),
        ("Mode", dict(Mode.choices).get(round_.mode, round_.mode)),
        ("Stage", dict(Stage.choices).get(round_.stage, round_.stage)),
        ("Scores count as", dict(Aggregation.choices).get(round_.aggregation or "consensus")),
        ("Ties broken by", dict(TieBreak.choices).get(round_.tie_break, "Not chosen")),
        (
            "Method changed after bids were received",
            "Yes" if round_.method_changed_after_bids else "No",
        ),
    ]
    if include_names:
        names = (
            f"Asked for by an officer: shown for the {people.named} panel member(s) who agreed "
            "to be named; everyone else is shown by number"
        )
    else:
        names = "Not included: panel members are shown as Panellist 1, Panellist 2 and so on"
    rows.append(("Panel members' names", names))
    if publication is not None:
        rows += [
            ("Generated from", "The published record of the round"),
            ("Published at (UTC)", records.utc(publication.published_at)),
            ("Trail", publication.chain),
            ("Trail entry (sequence)", publication.trail_seq),
            ("Trail head hash", publication.trail_hash),
            ("Signature", publication.signature),
            ("Signed at", publication.signed_at),
        ]
    else:
        seq, digest = trail_head(round_) or (0, "")
        rows += [
            ("Generated from", "Not yet published: the current head of the round's decision trail"),
            ("Trail entry (sequence)", seq),
            ("Trail head hash", digest),
            ("Signature", "Not yet published, so not yet signed"),
        ]
    return rows


def cover_sheet(book):
    """The cover, created before the other sheets so it is the first tab."""
    ws = book.create_sheet("Cover")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90
    return ws


def write_cover(ws, round_, people, include_names, listed: list[tuple[str, str]]):
    """Fills the cover: the round, the trail entry it stands on, and the other sheets' titles and
    notes (`listed`)."""
    ws.append([_styled(ws, "Decision pack", font=TITLE_FONT)])
    ws.append([])
    for key, value in cover_rows(round_, people, include_names):
        fmt = sheets.DATETIME if isinstance(value, datetime) else None
        ws.append([_styled(ws, key, font=KEY_FONT), _cell(ws, value, fmt)])
    ws.append([])
    ws.append([_styled(ws, "Sheets in this pack", font=KEY_FONT)])
    for title, note in listed:
        ws.append([_cell(ws, title), _cell(ws, note)])


# The pack -----------------------------------------------------------------------------------------


def contents(round_, people) -> Iterator[sheets.Sheet]:
    """Every sheet after the cover, in order, each built only when asked for (a generator), so a
    stream computes a sheet's rows just before writing it. Rows are lazy where they are many."""
    yield records.panel_sheet(people)
    lots = round_results(round_)
    yield sheets.bids_sheet(lots)
    yield records.individual_sheet(round_, people)
    yield records.consensus_sheet(round_, people)
    impacts = moderation_impact(round_)
    yield sheets.moved_sheet(impacts)
    yield sheets.impact_sheet(impacts)
    yield sheets.checks_sheet(lots)
    yield sheets.points_sheet(lots)
    yield sheets.totals_sheet(lots)
    yield sheets.lots_sheet(lots)
    yield records.conflicts_sheet(round_, people)
    yield records.training_sheet(round_, people)
    yield records.signoff_sheet(round_, people)
    yield records.stage_sheet(round_)


def workbook(round_, *, include_names: bool = False) -> tuple[Workbook, int]:
    """The pack built in one go as an openpyxl write-only workbook (not yet saved), and how many
    members it names: the same cells as stream(). Reads only; records nothing."""
    people = people_of(round_, include_names)
    book = Workbook(write_only=True)
    parts = list(contents(round_, people))
    cover = cover_sheet(book)
    write_cover(cover, round_, people, include_names, [(s.title, s.note) for s in parts])
    for sheet in parts:
        write_sheet(book, sheet)
    return book, people.named


@contextmanager
def snapshot():
    """One consistent state of the database for everything read inside. On PostgreSQL a
    REPEATABLE READ, READ ONLY transaction (only when it is the outermost one: the isolation of a
    transaction already begun cannot change, as in a test's); on SQLite a transaction (writers
    wait for it)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def stream(round_id: int, *, include_names: bool = False) -> Iterator[bytes]:
    """The pack's .xlsx as it is written, read from one snapshot: the document properties first
    (at once), then each sheet just after its rows are computed, then the cover (the first tab,
    written last as it lists the other sheets), then the workbook's parts. Reads only; records
    nothing (export() does, before)."""
    out = pack_stream.StreamingBook()
    try:
        with snapshot():
            round_ = Round.objects.get(pk=round_id)
            if not available(round_):  # it moved back since the export was recorded
                raise ValidationError("The round is no longer decided, so it has no pack.")
            yield from out.start()
            people = people_of(round_, include_names)
            cover = cover_sheet(out.book)
            listed = []
            for sheet in contents(round_, people):
                listed.append((sheet.title, sheet.note))
                yield from out.sheet(write_sheet(out.book, sheet))
            write_cover(cover, round_, people, include_names, listed)
            yield from out.sheet(cover)
            yield from out.finish()
    finally:
        out.discard()


def check_may_export(round_, by, include_names: bool):
    """Officers and auditors of the round may export; only an officer may ask for names. `by`
    None is the system (a management command run on the server), which may not ask for names."""
    if by is not None:
        perms = access.round_perms(by, round_)
        if not perms & access.READ:
            raise PermissionDenied("Only the round's officers and auditors can export its pack.")
    else:
        perms = set()
    if include_names and access.MANAGE not in perms:
        raise PermissionDenied(
            "Only an officer of the round can ask for panel members' names in the pack."
        )
    if not available(round_):
        raise ValidationError(
            "The decision pack is ready once the round is decided. It is "
            f"{round_.get_stage_display().lower()} now."
        )


def record_export(round_, *, by, include_names: bool) -> Round:
    """Checks who asks and records the export in a transaction of its own, committed when this
    returns (as audit.exports.record_export), so before any byte of the pack is written. Returns
    the round as read."""
    with transaction.atomic():
        round_ = Round.objects.get(pk=round_.pk)
        check_may_export(round_, by, include_names)
        named = people_of(round_, include_names).named
        audit.record(
            ACTION,
            round=round_,
            actor=by,
            object_type="decisions.decision_pack",
            object_id=str(round_.pk),
            after={"names_included": include_names, "members_named": named},
        )
    return round_


def export(round_, *, by, include_names: bool = False, path=None) -> Iterator[bytes] | None:
    """Records the export in the round's trail (committed), then returns the pack's bytes as they
    are written (stream()), or writes them to `path` and returns None (a file cut short by an
    error is removed)."""
    round_ = record_export(round_, by=by, include_names=include_names)
    chunks = stream(round_.pk, include_names=include_names)
    if path is None:
        return chunks
    try:
        with open(path, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise
    return None
