"""The .xlsx template officers fill in to import bids: a "Bids" sheet and an "Instructions" sheet.

The lots are listed on the instructions sheet, and the Lot column offers them as a drop-down list.
Every name written comes from the round (lots, questions), so each cell goes through safe_cell:
text that Excel would run as a formula is stored as plain text.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bids.import_cells import money
from bids.import_file import MAX_BIDS, MAX_UPLOAD_BYTES
from config.spreadsheets import safe_cell, saved

BOLD = Font(bold=True)
HEADING = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


def _instructions(max_bids: int, max_mb: int) -> list[str]:
    return [
        "Put one bid on each row of the “Bids” sheet, starting on row 2.",
        "Keep the headings in row 1 exactly as they are. Do not add, remove or rename columns.",
        "Type or paste values only: no formulas, and do not merge cells.",
        "The columns are explained below. In the Lot column, click the cell and choose the lot "
        "from the list.",
        "A bid asking for more than its lot's budget can be imported; it is marked over budget.",
        "Answer columns: paste the bidder's answer to each question. Leave the cell empty if the "
        "bid's lot does not ask that question (see the list of questions below).",
        f"At most {max_bids:,} bids in one file, and the file must be smaller than {max_mb} MB.",
        "When you upload the file you will see every bid before anything is saved, with any "
        "problems listed by row and column. Nothing is saved until you confirm, and then every "
        "new bid is saved, or none is.",
        "A row whose lot, organisation and title match a bid already in the round is skipped, so "
        "uploading the same file twice does not add the bids twice.",
    ]


def write_template(info):
    """The template for the round described by `info` (a bids.importer.RoundInfo)."""
    max_bids, max_mb = MAX_BIDS, MAX_UPLOAD_BYTES // (1024 * 1024)
    book = Workbook(write_only=True)
    bids = book.create_sheet("Bids")
    notes = book.create_sheet("Instructions")

    # The instructions sheet is written first so the lot list's rows are known.
    notes.column_dimensions["A"].width = 60
    notes.column_dimensions["B"].width = 18
    notes.column_dimensions["C"].width = 60
    lines = [[_styled(notes, f"How to import bids into “{info.round.name}”", HEADING)], []]
    lines += [
        [safe_cell(notes, f"{n}. {text}")]
        for n, text in enumerate(_instructions(max_bids, max_mb), 1)
    ]
    lines += [[], [_styled(notes, "The columns", HEADING)]]
    lines.append(
        [_styled(notes, h, BOLD) for h in ("Column", "Must it be filled in?", "What to put")]
    )
    lines += [
        [
            safe_cell(notes, c.header),
            safe_cell(notes, "Yes" if c.required else "No"),
            safe_cell(notes, c.hint),
        ]
        for c in info.columns
        if c.key != "answer"
    ]
    lines += [[], [_styled(notes, "The lots", HEADING)]]
    lines.append([_styled(notes, "Lot", BOLD), _styled(notes, "Budget", BOLD)])
    first_lot = len(lines) + 1
    lines += [
        [safe_cell(notes, str(lot)), safe_cell(notes, money(lot.budget))] for lot in info.lots
    ]
    last_lot = len(lines)
    lines += [[], [_styled(notes, "The questions", HEADING)]]
    lines.append([_styled(notes, h, BOLD) for h in ("Column", "Asked in", "Question")])
    for column in info.columns:
        if column.key != "answer":
            continue
        asked = ", ".join(
            f"Lot {lot.number}" for lot in info.lots if info.criterion_for(lot, column) is not None
        )
        criterion = info.questions[column.question]
        lines.append(
            [
                safe_cell(notes, column.header),
                safe_cell(notes, asked),
                _wrapped(notes, criterion.question_formal),
            ]
        )
    for line in lines:
        notes.append(line)

    bids.freeze_panes = "A2"
    for number, column in enumerate(info.columns, start=1):
        bids.column_dimensions[get_column_letter(number)].width = column.width
    if info.lots:
        choose = DataValidation(
            type="list",
            formula1=f"Instructions!$A${first_lot}:$A${last_lot}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Choose a lot",
            error="Choose one of the round's lots from the list.",
        )
        choose.add(f"A2:A{max_bids + 1}")
        bids.data_validations.append(choose)
    bids.append([_styled(bids, column.header, BOLD) for column in info.columns])
    return saved(book)


def _styled(sheet, value, font):
    cell = safe_cell(sheet, value)
    cell.font = font
    return cell


def _wrapped(sheet, value):
    cell = safe_cell(sheet, value)
    cell.alignment = WRAP
    return cell
