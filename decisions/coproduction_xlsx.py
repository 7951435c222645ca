"""The co-production monitoring report as a spreadsheet: one sheet, a section after another, the
same figures (and the same "fewer than 3") as the page. Text that could start a formula is
written as text (config.spreadsheets.safe_cell)."""

from openpyxl import Workbook

from config.spreadsheets import safe_cell, saved
from decisions.coproduction import Report

YOUNG, OTHERS = "Young panellists", "Everyone else"


def _value(cell):
    """A Cell as the spreadsheet shows it: the number, or the words when it is hidden."""
    if getattr(cell, "hidden", False):
        return str(cell)
    return getattr(cell, "value", cell)


def _rows(report: Report):
    yield [f"Co-production monitoring report: {report.round.name}"]
    yield ["Counts of young people of 1 or 2 are shown as “fewer than 3”. No names are included."]
    yield []
    yield ["Who took part"]
    yield ["Role", *report.bands, "Total"]
    for row in report.people:
        yield [row["role"], *map(_value, row["cells"]), _value(row["total"])]
    yield []
    yield ["Taking part now", YOUNG, OTHERS]
    for row in report.status:
        yield [row["label"], _value(row["young"]), row["others"]]
    yield []
    yield ["Support asked for", YOUNG, OTHERS]
    for row in report.support:
        yield [row["label"], _value(row["young"]), row["others"]]
    yield []
    yield ["Training completed", "Required", YOUNG, OTHERS]
    for row in report.training:
        yield [
            row["title"],
            "Yes" if row["required"] else "No",
            _value(row["young"]),
            row["others"],
        ]
    yield ["Panellists who score", "", _value(report.scoring_young), report.scoring_others]
    yield []
    yield ["Hours given", YOUNG, OTHERS]
    for row in report.hours:
        yield [row["label"], _value(row["young"]), row["others"]]
    yield []
    e = report.expenses
    yield ["Expenses paid back", YOUNG, OTHERS]
    yield ["Total (£)", _value(e["young"]), e["others"]]
    yield ["People claiming", _value(e["young_n"]), e["others_n"]]
    yield []
    yield ["Recognition chosen", YOUNG, OTHERS]
    for row in report.recognition:
        yield [row["label"], _value(row["young"]), row["others"]]
    yield []
    yield ["Consent", "Given", "Withdrawn"]
    for row in report.consents:
        yield [row["label"], _value(row["given"]), _value(row["withdrawn"])]
    yield []
    r = report.responses
    yield ["Survey answers", YOUNG, OTHERS]
    yield ["People who answered", _value(r["young"]), r["others"]]
    for question in report.survey:
        yield [question["question"]]
        for row in question["rows"]:
            yield [row["label"], _value(row["young"]), row["others"]]
    yield []
    yield ["What should change next time?"]
    if report.changes:
        for text in report.changes:
            yield [text]
    elif report.changes_held_back:
        yield ["Shown once at least 3 people have answered the survey."]
    else:
        yield ["No answers yet."]


def xlsx_file(report: Report):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Co-production")
    for row in _rows(report):
        sheet.append([safe_cell(sheet, value) for value in row])
    return saved(book)
