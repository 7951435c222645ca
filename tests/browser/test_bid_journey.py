"""The bids issue's "done when", in Chromium: an officer downloads the import template, imports a
filled-in copy with a mistake, fixes it, imports it, attaches a document to an imported bid, then
filters the register and exports it, with every page checked by axe-core on the way."""

import openpyxl

from bids.models import Bid, Document
from tests.browser.conftest import check_page, log_in
from tests.browser.test_journeys import press_enter_on, submit_with_enter
from tests.browser.test_pages import assert_error_summary, submit

AMOUNT = "Amount requested (£)"
# A tiny PDF: the app accepts a document by what it contains, and a PDF must start with "%PDF-".
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _download(page, link, folder):
    """Presses Enter on a download link; returns the saved file's path. The page stays put."""
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.failure() is None, download.failure()
    path = folder / download.suggested_filename
    download.save_as(path)
    check_page(page)
    return path


def _fill_row(sheet, headers, row, values):
    for heading, value in values.items():
        sheet.cell(row=row, column=headers.index(heading) + 1, value=value)


def _upload(page, path):
    page.get_by_label("Upload the filled-in spreadsheet").set_input_files(str(path))
    submit(page, "Upload and check")


def _register_rows(page) -> list[str]:
    return page.get_by_role("table").locator("tbody tr").all_inner_texts()


def _apply_filters(page):
    press_enter_on(page, page.get_by_role("button", name="Apply filters"))


def test_officer_imports_documents_filters_and_exports_bids(
    page, officer_user, round_, settings, tmp_path
):
    settings.VAR_DIR = tmp_path / "var"  # where an upload waits between preview and confirmation
    imports = settings.VAR_DIR / "imports"
    lot1, lot2 = round_.lots.order_by("number")
    bids_before = Bid.objects.for_round(round_).count()

    # From the round's page to the register, then to the import page.
    log_in(page, officer_user, expect_path="/rounds/")
    press_enter_on(page, page.get_by_role("link", name=round_.name))
    press_enter_on(page, page.get_by_role("main").get_by_role("link", name="Bids", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Bids"
    press_enter_on(page, page.get_by_role("link", name="Import from a spreadsheet"))
    assert page.get_by_role("heading", level=1).inner_text() == "Import bids from a spreadsheet"

    # The template, downloaded through its link and filled in: two bids, one with a word amount.
    template = _download(
        page,
        page.get_by_role("link", name="Download the template for this round (.xlsx)"),
        tmp_path,
    )
    assert template.name == f"bids-import-template-round-{round_.pk}.xlsx"
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Bids", "Instructions"]
    sheet = book["Bids"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["Lot", "Organisation", "Title", "Summary", AMOUNT]
    _fill_row(
        sheet,
        headers,
        2,
        {
            "Lot": str(lot1),
            "Organisation": "Harbour Youth Club",
            "Title": "Friday nights",
            "Summary": "A youth club on Friday evenings.",
            AMOUNT: 25000,
            "Contact name": "Sam Shore",
            "Contact email": "sam@example.org",
        },
    )
    _fill_row(
        sheet,
        headers,
        3,
        {
            "Lot": str(lot2),
            "Organisation": "Northside Arts",
            "Title": "Saturday studio",
            "Summary": "An art studio open on Saturdays.",
            AMOUNT: "about ten thousand",
        },
    )
    filled = tmp_path / "filled-in bids.xlsx"
    book.save(filled)

    # The preview lists the mistake by row and column in plain words, and nothing is saved.
    _upload(page, filled)
    assert page.title().startswith("Error: ")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Fix the spreadsheet and upload it again"
    )
    summary = page.locator(".error-summary")
    assert summary.get_by_role(
        "heading", name="There is a problem with the spreadsheet"
    ).is_visible()
    assert "Nothing has been imported." in summary.inner_text()
    problem = summary.get_by_role("link", name="Row 3, column E (Amount requested):")
    assert problem.inner_text() == (
        "Row 3, column E (Amount requested): “about ten thousand” is not an amount of money. "
        "Type a number of pounds, like 25000 or 25000.50."
    )
    assert summary.locator("li").count() == 1  # the good row raises nothing
    assert Bid.objects.for_round(round_).count() == bids_before
    assert not imports.exists() or not list(imports.iterdir()), "a bad file was kept"
    assert page.get_by_role("button", name="Import").count() == 0  # no way to import this file
    # The problem's link takes the keyboard to the upload field.
    press_enter_on(page, problem, navigates=False)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_file'")

    # Fixed in the workbook and uploaded again from the same page: the preview, then the import.
    sheet.cell(row=3, column=headers.index(AMOUNT) + 1, value=10000)
    book.save(filled)
    _upload(page, filled)
    assert page.get_by_role("heading", level=1).inner_text() == "Check the bids before importing"
    assert "2 new bids to import" in page.locator(".lead").inner_text()
    preview = page.get_by_role("table").locator("tbody tr")
    assert preview.count() == 2
    assert "Harbour Youth Club" in preview.nth(0).inner_text()
    assert "£10,000.00" in preview.nth(1).inner_text()
    # Still nothing saved before the confirmation.
    assert Bid.objects.for_round(round_).count() == bids_before
    submit(page, "Import 2 bids")
    assert page.url.endswith(f"/rounds/{round_.pk}/bids/")
    assert page.get_by_role("status").filter(has_text="2 bids imported.").is_visible()
    assert Bid.objects.for_round(round_).count() == bids_before + 2
    harbour = Bid.objects.get(organisation="Harbour Youth Club")
    northside = Bid.objects.get(organisation="Northside Arts")
    assert (harbour.lot, str(harbour.amount_requested), harbour.contact_email) == (
        lot1,
        "25000.00",
        "sam@example.org",
    )
    assert (northside.lot, str(northside.amount_requested)) == (lot2, "10000.00")
    rows = _register_rows(page)
    assert len(rows) == bids_before + 2
    assert any(harbour.reference in r and "Harbour Youth Club" in r for r in rows), rows
    assert any(northside.reference in r and "Northside Arts" in r for r in rows), rows
    assert not list(imports.iterdir()), "the confirmed file was not deleted"

    # The same file again: the preview says both rows are already in the round.
    press_enter_on(page, page.get_by_role("link", name="Import from a spreadsheet"))
    _upload(page, filled)
    main = page.get_by_role("main").inner_text()
    assert "0 new bids to import; 2 rows are already in the round" in main
    assert (
        f"Row 2: Harbour Youth Club, “Friday nights”: already exists as {harbour.reference}" in main
    )
    assert (
        f"Row 3: Northside Arts, “Saturday studio”: already exists as {northside.reference}" in main
    )
    assert "There is nothing new to import" in main
    assert page.get_by_role("button", name="Import").count() == 0
    assert Bid.objects.for_round(round_).count() == bids_before + 2
    press_enter_on(page, page.get_by_role("link", name="Back to the bids"))

    # One imported bid: a file that only claims to be a PDF is refused, a real one is attached.
    press_enter_on(page, page.get_by_role("link", name=harbour.reference, exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"{harbour.reference}: Friday nights"
    )
    assert page.get_by_text("No documents.").is_visible()
    press_enter_on(page, page.get_by_role("link", name=f"Add a document to {harbour.reference}"))
    fake = tmp_path / "not-really.pdf"
    fake.write_bytes(b"Just some text.\n")
    page.get_by_label("Choose a file").set_input_files(str(fake))
    submit(page, "Upload")
    assert_error_summary(page, "file")
    assert "This file is not a PDF" in page.locator(".error-summary").inner_text()
    assert not Document.objects.filter(bid=harbour).exists()

    plan = tmp_path / "delivery plan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Choose a file").set_input_files(str(plan))
    submit(page, "Upload")
    assert page.get_by_role("heading", level=1).inner_text().startswith(harbour.reference)
    added = page.get_by_role("status").filter(has_text=f"added to {harbour.reference}")
    assert added.is_visible()
    (document,) = Document.objects.filter(bid=harbour)
    listed = page.get_by_role("link", name=document.original_name, exact=True)
    assert listed.is_visible()
    assert document.original_name == "delivery plan.pdf"
    got = _download(page, listed, tmp_path / "downloaded")
    assert got.name == "delivery plan.pdf"
    assert got.read_bytes() == PDF

    # The register, filtered: by text, by lot and amount, by amount range.
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    press_enter_on(page, crumbs.get_by_role("link", name="Bids", exact=True))
    search = page.get_by_label("Organisation or title contains")
    search.fill("harbour")
    submit_with_enter(page, search)
    assert "q=harbour" in page.url
    rows = _register_rows(page)
    assert len(rows) == 1 and "Harbour Youth Club" in rows[0], rows

    page.get_by_label("Organisation or title contains").fill("")
    page.get_by_label("Lot (optional)").select_option(label=str(lot2))
    page.get_by_label("To (£)").fill("£20,000")
    _apply_filters(page)
    rows = _register_rows(page)
    assert len(rows) == 1 and "Northside Arts" in rows[0], rows
    assert page.get_by_label("Lot (optional)").input_value() == str(lot2.pk)

    page.get_by_label("Lot (optional)").select_option(label="Any lot")
    page.get_by_label("From (£)").fill("5000")
    page.get_by_label("To (£)").fill("30000")
    _apply_filters(page)
    rows = _register_rows(page)
    shown = {
        name for name in ("Harbour Youth Club", "Northside Arts") if any(name in r for r in rows)
    }
    assert len(rows) == 2 and shown == {"Harbour Youth Club", "Northside Arts"}, rows
    assert not any("Organisation 1-1" in r or "Organisation 2-1" in r for r in rows), rows

    # The export holds the filtered rows and only those.
    exported = _download(
        page, page.get_by_role("link", name="Download these bids (.xlsx)"), tmp_path / "export"
    )
    assert exported.name == f"bids-round-{round_.pk}.xlsx"
    sheet = openpyxl.load_workbook(exported)["Bids"]
    header, *lines = list(sheet.iter_rows(values_only=True))
    assert header[:6] == ("Reference", "Panel name", "Lot", "Organisation", "Title", AMOUNT)
    by_reference = {line[0]: line for line in lines}
    assert set(by_reference) == {harbour.reference, northside.reference}
    assert by_reference[harbour.reference][3:6] == ("Harbour Youth Club", "Friday nights", 25000)
    assert by_reference[northside.reference][3:6] == ("Northside Arts", "Saturday studio", 10000)
