"""The decision pack page in Chromium through check_page (axe-core, one h1, the skip link, 320 px):
before the decision (the plain "not ready yet" page), then the officer's page with the names box,
whose button downloads the file by keyboard."""

import openpyxl

from commissioning.models import Stage
from tests.browser.conftest import log_in, visit
from tests.factories import advance, to_consensus


def test_the_pack_page_before_and_after_the_decision(page, round_, officer_user, tmp_path):
    log_in(page, officer_user)
    url = f"/rounds/{round_.pk}/results/decision-pack/"
    visit(page, url)
    assert page.get_by_role("heading", level=1).inner_text() == "The decision pack is not ready yet"

    advance(to_consensus(round_, officer_user), Stage.DECIDED, officer_user)
    visit(page, url)
    page.get_by_label("Include the names of panel members who agreed to be named").check()
    button = page.get_by_role("button", name="Download the decision pack (.xlsx)")
    button.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"decision-pack-{round_.pk}.xlsx"
    # The pack streams: wait for the whole file (which also lets the server finish its snapshot
    # before the test's database is emptied) and check what arrived is a whole workbook.
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert "Totals and awards" in openpyxl.load_workbook(path, read_only=True).sheetnames
