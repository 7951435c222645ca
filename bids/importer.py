"""Importing bids from an .xlsx spreadsheet: the template, and reading a filled-in copy.

`build_template(round_)` makes the workbook officers fill in; `parse(round_, upload)` reads one back
into a Preview: the rows it would import, the rows already in the round, and every problem by row
and column in plain words. Nothing here saves anything: `bids.services.import_bids` does, after the
officer has seen the preview and confirmed. A file that cannot be read at all (not a spreadsheet,
damaged, too big, a zip bomb, too many rows) raises a ValidationError saying why.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from bids import import_cells as cells
from bids import import_file
from bids.import_cells import bid_key
from bids.import_rows import RowReader, match_headers
from bids.import_template import write_template
from bids.models import Bid
from bids.services import answerable_criteria
from commissioning.models import Lot

MAX_BIDS = import_file.MAX_BIDS
MAX_ROWS = 20000  # rows read, empty ones included
EXTRA_COLUMNS = 26  # how far right of the last heading stray cells are looked for
MAX_PROBLEMS = 500  # more are counted, not listed
LONG_TEXT = 20000
MAX_TEXT_CHARS = 10_000_000  # all the bids' text together: what the confirm step keeps and saves
MAX_UPLOAD_BYTES = import_file.MAX_UPLOAD_BYTES


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # a Bid field, "lot", or "answer"
    required: bool = False
    max_length: int = LONG_TEXT
    width: int = 30
    hint: str = ""
    question: str = ""  # for an answer column: the normalised title of the question

    @property
    def label(self) -> str:
        return self.header.removesuffix(" (£)")


FIELD_COLUMNS = (
    Column("Lot", "lot", True, width=32, hint="Choose the lot from the list in the cell."),
    Column("Organisation", "organisation", True, 200, hint="Who is bidding, up to 200 characters."),
    Column("Title", "title", True, 200, hint="The bid's title, up to 200 characters."),
    Column("Summary", "summary", True, width=50, hint="A short description of the bid."),
    Column(
        "Amount requested (£)",
        "amount_requested",
        True,
        width=20,
        hint="A number of pounds, like 25000 or 25000.50. No formulas.",
    ),
    Column("Contact name", "contact_name", False, 150, hint="Who to contact about the bid."),
    Column("Contact email", "contact_email", False, 254, hint="Like name@example.org."),
)
ANSWER_PREFIX = "Answer: "


class RoundInfo:
    """What reading a file needs to know about the round, fetched once."""

    def __init__(self, round_):
        self.round = round_
        self.lots = list(round_.lots.select_related("round", "rubric").order_by("number"))
        self.questions = {}  # normalised title -> the first criterion with that title
        self.asked = {}  # lot pk -> {normalised title: criterion pk}
        for lot in self.lots:
            asked = self.asked[lot.pk] = {}
            for criterion in answerable_criteria(lot).order_by("order", "pk"):
                key = cells.normalise(criterion.title)
                asked.setdefault(key, criterion.pk)
                self.questions.setdefault(key, criterion)
        self.columns = list(FIELD_COLUMNS) + [
            Column(f"{ANSWER_PREFIX}{c.title.strip()}", "answer", width=50, question=key)
            for key, c in self.questions.items()
        ]
        self._lot_names = {}
        for lot in self.lots:
            for name in (str(lot), f"Lot {lot.number}", str(lot.number)):
                self._lot_names.setdefault(cells.normalise(name), lot)
        names = [cells.normalise(lot.name) for lot in self.lots]
        for lot, name in zip(self.lots, names, strict=True):
            if names.count(name) == 1:
                self._lot_names.setdefault(name, lot)
        self.existing = {
            bid_key(b.lot_id, b.organisation, b.title): b
            for b in Bid.objects.for_round(round_).only(
                "pk", "lot_id", "organisation", "title", "reference"
            )
        }

    def lot_named(self, value):
        return self._lot_names.get(cells.normalise(cells.text_of(value)))

    def criterion_for(self, lot, column: Column):
        return self.asked.get(lot.pk, {}).get(column.question)


@dataclass
class Problem:
    message: str
    row: int | None = None
    column: str | None = None  # a letter, like "E"
    header: str = ""

    def __str__(self):
        where = []
        if self.row:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column {self.column}" + (f" ({self.header})" if self.header else ""))
        stop = "" if self.message.endswith(".") else "."
        if not where:
            return f"{self.message[0].upper()}{self.message[1:]}{stop}"
        return f"{', '.join(where)}: {self.message}{stop}"


@dataclass
class Row:
    number: int
    lot: Lot
    fields: dict
    answers: dict[int, str]
    existing: Bid | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for text in self.answers.values() if text)


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0

    def add(self, message, *, row=None, column=None, header=""):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(message, row, column, header))
        else:
            self.more_problems += 1

    @property
    def ok(self) -> bool:
        return not self.problems and not self.more_problems

    @property
    def new_rows(self) -> list[Row]:
        return [r for r in self.rows if r.existing is None]

    @property
    def existing_rows(self) -> list[Row]:
        return [r for r in self.rows if r.existing is not None]

    @property
    def warnings(self) -> list[tuple[int, str]]:
        return [(r.number, w) for r in self.rows for w in r.warnings]


def build_template(round_):
    return write_template(RoundInfo(round_))


def parse(round_, upload) -> Preview:
    """Reads a filled-in template. Raises ValidationError when the file cannot be read at all."""
    source = import_file.read_upload(upload)
    info = RoundInfo(round_)
    preview = Preview()
    with import_file.open_workbook(source) as (book, package):
        try:
            sheet = import_file.bids_sheet(book)
            for cell_range in import_file.scan_sheet(package, sheet):
                first = cell_range.split(":")[0]
                letters = first.rstrip("0123456789")
                preview.add(
                    f"cells {cell_range.replace(':', ' to ')} are merged. Unmerge them so each "
                    "value is in its own cell",
                    row=int(first[len(letters) :]),
                    column=letters,
                )
            _read_rows(sheet, info, preview)
        except ValidationError:
            raise
        except Exception as exc:  # a package that opened but whose sheet XML is broken
            import_file.logger.info("Bid import: sheet could not be read: %r", exc)
            raise ValidationError(import_file.DAMAGED) from exc
    return preview


def _read_rows(sheet, info: RoundInfo, preview: Preview):
    header = next(sheet.iter_rows(min_row=1, max_row=1), ())
    headings = match_headers(header, info, preview.add)
    width = max([*headings.columns, *headings.ignored, 0])
    seen = {}
    bids = text = 0
    rows = sheet.iter_rows(min_row=2, max_col=width + EXTRA_COLUMNS)
    for number, cells_ in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise ValidationError(
                f"The “Bids” sheet goes on past row {MAX_ROWS:,}. Delete the rows below your last "
                f"bid, even ones that look empty, and upload it again. At most {MAX_BIDS:,} bids "
                "per file."
            )
        if all(cells.is_blank(c) for c in cells_):
            continue  # empty rows are skipped
        bids += 1
        if bids > MAX_BIDS:
            raise ValidationError(
                f"This file has more than {MAX_BIDS:,} bids. You can import at most {MAX_BIDS:,} "
                "bids per file: split them into several files and import each in turn."
            )
        values = RowReader(number, cells_, headings, info, preview.add).read()
        if values is None or not headings.ok:
            continue  # with wrong headings, rows are read only to list their problems too
        row = Row(number, values.lot, values.fields, values.answers, warnings=values.warnings)
        key = bid_key(row.lot.pk, row.fields["organisation"], row.fields["title"])
        if key in seen:
            preview.add(
                f"this is the same bid as row {seen[key]} (same lot, organisation and title). "
                "Remove one of the two rows",
                row=number,
            )
            continue
        seen[key] = number
        # One long shared string can fill every cell of a file: the text is counted as kept.
        text += sum(len(v) for v in row.fields.values() if isinstance(v, str))
        text += sum(len(t) for t in row.answers.values())
        if text > MAX_TEXT_CHARS:
            raise ValidationError(
                f"The bids in this file hold more than {MAX_TEXT_CHARS:,} characters of text "
                "together. Split them into smaller files and import each in turn."
            )
        row.existing = info.existing.get(key)
        preview.rows.append(row)
    if not bids and preview.ok:
        preview.add("the “Bids” sheet has no bids in it. Put one bid on each row, from row 2 on")
