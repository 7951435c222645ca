"""Reading the "Bids" sheet's headings and rows into values, reporting every problem found.

`report(message, row=None, column=None, header="")` is the preview's way to collect a problem;
messages follow "Row 7, column E (Amount requested): " and carry no final full stop.
"""

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from bids import import_cells as cells

MAX_COLUMNS = 100


@dataclass
class RowValues:
    lot: object
    fields: dict
    answers: dict[int, str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Headings:
    columns: dict  # column number -> Column
    ignored: set  # column numbers with a heading the import does not know
    ok: bool


def match_headers(header, info, report) -> Headings:
    """Matches row 1 to the round's columns, reporting any heading that is wrong or missing."""
    expected = {cells.normalise(c.header): c for c in info.columns}
    found: dict[str, int] = {}
    headings = Headings({}, set(), True)
    for number, cell in enumerate(header, start=1):
        text = cells.text_of(cell.value)
        if not text:
            continue
        letter, key = get_column_letter(number), cells.normalise(text)
        if number > MAX_COLUMNS:
            headings.ok = False
            report(
                f"the sheet has headings past column {get_column_letter(MAX_COLUMNS)}. Use the "
                "template's columns only",
                row=1,
                column=letter,
            )
            break
        if key in expected and key not in found:
            found[key] = number
            headings.columns[number] = expected[key]
            continue
        headings.ok = False
        headings.ignored.add(number)
        if key in found:
            report(
                f"the heading “{cells.shown(text)}” is also in column {get_column_letter(found[key])}. Keep "
                "only one of the two columns",
                row=1,
                column=letter,
            )
        else:
            report(
                f"“{cells.shown(text)}” is not a column this import knows. Delete the column, or check its "
                "heading is exactly as in the template",
                row=1,
                column=letter,
            )
    for key, column in expected.items():
        if key not in found:
            headings.ok = False
            report(
                f"the column “{column.header}” is missing. Put it back with that exact heading, "
                "or download a new template (the round's questions may have changed)"
            )
    return headings


class RowReader:
    """Reads one row; `read()` gives RowValues, or None when the row has problems (reported)."""

    def __init__(self, number, row_cells, headings: Headings, info, report):
        self.number, self.cells, self.info = number, row_cells, info
        self.columns, self.ignored = headings.columns, headings.ignored
        self._report = report
        self.failed = False
        self.values, self.answers = {}, {}

    def problem(self, message, column_number, column=None):
        self.failed = True
        label = column.label if column is not None else ""
        self._report(
            message, row=self.number, column=get_column_letter(column_number), header=label
        )

    def read(self) -> RowValues | None:
        for number, cell in enumerate(self.cells, start=1):
            column = self.columns.get(number)
            if column is None:
                if number not in self.ignored and not cells.is_blank(cell):
                    self.problem(
                        "this column has no heading, so this cell cannot be imported. Delete "
                        "what is in it, or move it to the right column",
                        number,
                    )
                continue
            what = "number" if column.key == "amount_requested" else "text"
            trouble = cells.cell_problem(cell, what)
            if trouble:
                self.problem(trouble, number, column)
            else:
                self._read_cell(number, column, cell.value)
        lot = self.values.pop("lot", None)
        amount, amount_column = self.values.pop("amount_requested", (None, None))
        warnings = self._check_budget(lot, amount, amount_column)
        answers = self._answers_for(lot)
        if self.failed:
            return None
        return RowValues(lot, {**self.values, "amount_requested": amount}, answers, warnings)

    def _read_cell(self, number, column, value):
        trouble = None
        if column.key == "lot":
            self.values["lot"] = self.info.lot_named(value)
            if self.values["lot"] is None:
                trouble = _no_such_lot(value, self.info)
        elif column.key == "amount_requested":
            amount, trouble = cells.read_amount(value)
            self.values[column.key] = (amount, number)
        elif column.key == "contact_email":
            self.values[column.key], trouble = cells.read_email(value)
        else:
            text, trouble = cells.read_text(
                value, label=column.label, required=column.required, max_length=column.max_length
            )
            if column.key == "answer":
                self.answers[number] = (column, text)
            else:
                self.values[column.key] = text
        if trouble:
            self.problem(trouble, number, column)

    def _check_budget(self, lot, amount, amount_column) -> list[str]:
        if lot is None or amount is None:
            return []
        trouble = cells.budget_problem(amount, lot.budget)
        if trouble:
            self.problem(trouble, amount_column, self.columns[amount_column])
            return []
        if amount > lot.budget:
            return [
                f"Asks for {cells.money(amount)}, more than the lot's budget of "
                f"{cells.money(lot.budget)}. It can be imported; it will be marked over budget."
            ]
        return []

    def _answers_for(self, lot) -> dict[int, str]:
        """{criterion pk: text} for every question the lot asks, blank when not answered."""
        if lot is None:
            return {}
        texts = dict.fromkeys(self.info.asked.get(lot.pk, {}).values(), "")
        for number, (column, text) in self.answers.items():
            criterion = self.info.criterion_for(lot, column)
            if criterion is not None:
                texts[criterion] = text
            elif text:
                self.problem(
                    f"{lot} does not ask this question, so the answer cannot be imported. "
                    "Leave the cell empty, or check the lot",
                    number,
                    column,
                )
        return texts


def _no_such_lot(value, info) -> str:
    text = cells.shown(value)
    choices = "; ".join(str(lot) for lot in info.lots[:10]) or "none yet"
    if not text:
        return f"this cell is empty; choose the bid's lot ({choices})"
    return f"there is no lot called “{text}” in this round. Choose one of: {choices}"
