"""The bid register as .xlsx, written row by row (write-only mode) so memory stays flat."""

from openpyxl import Workbook

from config.spreadsheets import safe_cell, saved

COLUMNS = [
    "Reference",
    "Panel name",
    "Lot",
    "Organisation",
    "Title",
    "Amount requested (£)",
    "Over lot budget",
    "Status",
    "Status reason",
    "Contact name",
    "Contact email",
    "Summary",
]


def register_xlsx(bids):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Bids")
    sheet.append([safe_cell(sheet, c) for c in COLUMNS])
    for bid in bids.iterator(chunk_size=500):
        row = (
            bid.reference,
            bid.alias,
            bid.lot.number,
            bid.organisation,
            bid.title,
            bid.amount_requested,
            "yes" if bid.over_budget else "",
            bid.get_status_display(),
            bid.status_reason,
            bid.contact_name,
            bid.contact_email,
            bid.summary,
        )
        sheet.append([safe_cell(sheet, value) for value in row])
    return saved(book)
