"""Importing bids from .xlsx: template, upload, preview with problems by row and column, confirm.

Every bad file must be refused with a message saying what is wrong, never a 500, and nothing saved.
"""

import html
import io
import os
import re
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from bids import importer, services
from bids.models import Bid
from commissioning import access
from commissioning import services as round_services
from commissioning.models import Stage
from tests.factories import advance, make_bid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIELDS = [
    "Lot",
    "Organisation",
    "Title",
    "Summary",
    "Amount requested (£)",
    "Contact name",
    "Contact email",
]
AMOUNT = "Amount requested (£)"


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    """Files waiting for confirmation go to this test's own folder."""
    settings.VAR_DIR = tmp_path / "var"


def _stored_files(settings):
    folder = settings.VAR_DIR / "imports"
    return sorted(folder.glob("*")) if folder.exists() else []


def _headers(round_):
    return [column.header for column in importer.RoundInfo(round_).columns]


def _values(round_, n=1, lot=1, **changes):
    """One bid as {heading: value}; `changes` uses headings with spaces as underscores."""
    the_lot = round_.lots.get(number=lot)
    row = {
        "Lot": str(the_lot),
        "Organisation": f"Harbour Youth Club {n}",
        "Title": "Friday nights",
        "Summary": "A youth club on Friday evenings.",
        AMOUNT: 25000,
        "Contact name": "Sam Shore",
        "Contact email": "sam@example.org",
    }
    for criterion in services.answerable_criteria(the_lot):
        row[f"Answer: {criterion.title}"] = f"Answer {n} about {criterion.title}"
    for key, value in changes.items():
        row[{"amount": AMOUNT}.get(key, key.replace("_", " "))] = value
    return row


def _xlsx(headers, rows, *, title="Bids", edit=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    if edit:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _good_file(round_, count=3):
    return _xlsx(_headers(round_), [_values(round_, n) for n in range(1, count + 1)])


def _upload(client, round_, data, name="bids.xlsx"):
    url = reverse("bids:import", args=[round_.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def _confirm(client, round_, token):
    return client.post(reverse("bids:import_confirm", args=[round_.pk]), {"token": token})


def _text(response) -> str:
    """The page as a reader sees it: no tags, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def _token(response) -> str:
    return response.context["confirm"].initial["token"]


def test_template_upload_preview_confirm_and_reimport(round_, officer_user, as_user, settings):
    client = as_user(officer_user)
    response = client.get(reverse("bids:import_template", args=[round_.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Bids", "Instructions"]
    sheet = book["Bids"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:7] == FIELDS
    assert "Answer: Keeping young people safe and welcome" in headers
    assert not any("Price" in h for h in headers)  # officers score price; bidders do not answer it
    choose = sheet.data_validations.dataValidation[0]
    assert choose.type == "list" and choose.formula1.startswith("Instructions!")
    notes = [c for row in book["Instructions"].iter_rows(values_only=True) for c in row if c]
    assert "Lot 1: Lot 1" in notes and "£100,000.00" in notes

    for n, lot in ((1, 1), (2, 1), (3, 2)):
        sheet.append([_values(round_, n, lot).get(h) for h in headers])
    filled = io.BytesIO()
    book.save(filled)
    data = filled.getvalue()
    bids_before = Bid.objects.count()

    response = _upload(client, round_, data)
    page = _text(response)
    assert response.status_code == 200
    assert "3 new bids to import" in page and "Import 3 bids" in page
    assert "Harbour Youth Club 3" in page and "7 of 7" in page
    assert len(_stored_files(settings)) == 1
    assert Bid.objects.count() == bids_before  # nothing saved before the confirmation

    response = _confirm(client, round_, _token(response))
    assert response.status_code == 302
    assert response["Location"] == reverse("bids:register", args=[round_.pk])
    imported = list(Bid.objects.filter(organisation__startswith="Harbour").order_by("pk"))
    assert [b.reference for b in imported] == [
        f"R{round_.pk}-L1-002",
        f"R{round_.pk}-L1-003",
        f"R{round_.pk}-L2-002",
    ]
    first = imported[0]
    assert (first.title, first.amount_requested) == ("Friday nights", Decimal("25000.00"))
    assert first.contact_email == "sam@example.org"
    answers = {a.criterion.title: a.text for a in first.answers.select_related("criterion")}
    assert len(answers) == 7
    assert answers["Insurance"] == "Answer 1 about Insurance"
    events = AuditEvent.objects.for_round(round_).filter(action="bid.imported")
    assert sorted(e.object_id for e in events) == sorted(str(b.pk) for b in imported)
    assert _stored_files(settings) == []
    register = _text(client.get(response["Location"]))
    assert "3 bids imported." in register

    response = _upload(client, round_, data)  # the same file again
    page = _text(response)
    assert f"already exists as R{round_.pk}-L1-002" in page
    assert f"already exists as R{round_.pk}-L2-002" in page
    assert "nothing new to import" in page and response.context["confirm"] is None
    assert Bid.objects.count() == bids_before + 3
    assert AuditEvent.objects.for_round(round_).filter(action="bid.imported").count() == 3


def test_a_used_or_tampered_token_imports_nothing(round_, officer_user, as_user, settings):
    client = as_user(officer_user)
    token = _token(_upload(client, round_, _good_file(round_, 1)))
    for bad in (token + "x", "", "not-a-token"):
        response = _confirm(client, round_, bad)
        assert response.status_code == 200 and "This preview has expired" in _text(response)
    (stored,) = _stored_files(settings)
    stored.write_bytes(_good_file(round_, 2))  # the file changed after the preview
    response = _confirm(client, round_, token)
    assert "This preview has expired" in _text(response)
    assert not Bid.objects.filter(organisation__startswith="Harbour").exists()


def test_the_token_is_for_one_officer_and_round(
    round_, other_round, officer_user, other_officer, as_user
):
    token = _token(_upload(as_user(officer_user), round_, _good_file(round_, 1)))
    round_services.grant_access(round_, other_officer, access.MANAGE, by=officer_user)
    assert "This preview has expired" in _text(_confirm(as_user(other_officer), round_, token))
    assert "This preview has expired" in _text(_confirm(as_user(other_officer), other_round, token))
    assert _confirm(as_user(officer_user), round_, token).status_code == 302
    assert Bid.objects.filter(organisation__startswith="Harbour").count() == 1


def test_reimport_adds_only_the_new_rows(round_, officer_user, as_user):
    client = as_user(officer_user)
    _confirm(client, round_, _token(_upload(client, round_, _good_file(round_, 2))))
    response = _upload(client, round_, _good_file(round_, 3))
    page = _text(response)
    assert "1 new bid to import; 2 rows are already in the round and will be skipped" in page
    _confirm(client, round_, _token(response))
    assert Bid.objects.filter(organisation__startswith="Harbour").count() == 3


def test_over_budget_is_a_warning_and_blank_rows_are_skipped(round_, officer_user, as_user):
    headers = _headers(round_)
    rows = [
        _values(round_, 1, amount="£120,000.50"),
        {},  # an empty row in the middle
        _values(round_, 2, Lot="lot 2", amount=9000),  # a lot named loosely
    ]
    client = as_user(officer_user)
    response = _upload(client, round_, _xlsx(headers, rows))
    page = _text(response)
    assert response.context["problems"] == []
    assert [r.number for r in response.context["preview"].rows] == [2, 4]
    assert "Row 2: Asks for £120,000.50, more than the lot's budget of £100,000.00" in page
    _confirm(client, round_, _token(response))
    bid = Bid.objects.get(organisation="Harbour Youth Club 1")
    assert bid.over_budget and bid.amount_requested == Decimal("120000.50")
    assert Bid.objects.get(organisation="Harbour Youth Club 2").lot.number == 2


def _merge(sheet):
    sheet.merge_cells("B2:C2")


def _stray(sheet):
    sheet.cell(row=2, column=sheet.max_column + 2, value="a note")


# Problems in the rows or headings: the preview lists them by row and column, with no confirm.
PREVIEW_PROBLEMS = [
    (
        "text amount",
        {"amount": "lots of money"},
        None,
        "Row 2, column E (Amount requested): “lots of money” is not an amount of money",
    ),
    (
        "negative amount",
        {"amount": -5},
        None,
        "Row 2, column E (Amount requested): the amount cannot be negative",
    ),
    (
        "absurd amount",
        {"amount": 1_000_001},
        None,
        "is more than ten times the lot's budget of £100,000.00",
    ),
    (
        "over 100 million",
        {"amount": 150_000_000},
        None,
        "£150,000,000.00 is more than £100 million",
    ),
    ("fraction of a penny", {"amount": "10.005"}, None, "to the nearest penny"),
    (
        "formula",
        {"amount": "=1000*2"},
        None,
        "Row 2, column E (Amount requested): this cell has a formula; type the number instead",
    ),
    (
        "error value",
        {"Title": "#DIV/0!"},
        None,
        "Row 2, column C (Title): this cell shows the error #DIV/0!",
    ),
    (
        "unknown lot",
        {"Lot": "Lot 9"},
        None,
        "Row 2, column A (Lot): there is no lot called “Lot 9” in this round",
    ),
    (
        "no lot",
        {"Lot": None},
        None,
        "Row 2, column A (Lot): this cell is empty; choose the bid's lot",
    ),
    (
        "long organisation",
        {"Organisation": "x" * 201},
        None,
        "Row 2, column B (Organisation): this is 201 characters long; the most allowed is 200",
    ),
    (
        "no title",
        {"Title": "  "},
        None,
        "Row 2, column C (Title): this cell is empty; every bid needs its title",
    ),
    (
        "bad email",
        {"Contact_email": "not-an-email"},
        None,
        "Row 2, column G (Contact email): “not-an-email” is not an email address",
    ),
    ("merged cells", {}, _merge, "Row 2, column B: cells B2 to C2 are merged"),
    (
        "cell without heading",
        {},
        _stray,
        "this column has no heading, so this cell cannot be imported",
    ),
]


@pytest.mark.parametrize(
    "changes,edit,message",
    [pytest.param(c, e, m, id=i) for i, c, e, m in PREVIEW_PROBLEMS],
)
def test_bad_rows_are_listed_by_row_and_column(
    round_, officer_user, as_user, settings, changes, edit, message
):
    data = _xlsx(_headers(round_), [_values(round_, 1, **changes)], edit=edit)
    before = Bid.objects.count()
    response = _upload(as_user(officer_user), round_, data)
    page = _text(response)
    assert response.status_code == 200
    assert message in page, [str(p) for p in response.context["preview"].problems]
    assert "with the spreadsheet" in page and "Nothing has been imported" in page
    assert response.context["confirm"] is None
    markup = response.content.decode()  # the summary links each problem to the file field
    assert '<a href="#id_file">' in markup and 'id="id_file"' in markup
    assert Bid.objects.count() == before and _stored_files(settings) == []


def _without(headers, name):
    return [h for h in headers if h != name]


@pytest.mark.parametrize(
    "edit_headers,messages",
    [
        pytest.param(
            lambda h: _without(h, "Contact email"),
            ["The column “Contact email” is missing"],
            id="missing",
        ),
        pytest.param(
            lambda h: [("Project title" if x == "Title" else x) for x in h],
            [
                "Row 1, column C: “Project title” is not a column this import knows",
                "The column “Title” is missing",
            ],
            id="renamed",
        ),
        pytest.param(
            lambda h: [*h, "Notes"],
            ["“Notes” is not a column this import knows"],
            id="extra",
        ),
        pytest.param(
            lambda h: [*h, "title"],
            ["the heading “title” is also in column C"],
            id="twice",
        ),
    ],
)
def test_wrong_columns_are_refused(round_, officer_user, as_user, edit_headers, messages):
    headers = edit_headers(_headers(round_))
    response = _upload(as_user(officer_user), round_, _xlsx(headers, [_values(round_, 1)]))
    page = _text(response)
    for message in messages:
        assert message in page
    assert response.context["confirm"] is None
    assert not Bid.objects.filter(organisation__startswith="Harbour").exists()


def test_duplicate_rows_and_empty_sheets_are_problems(round_, officer_user, as_user):
    client = as_user(officer_user)
    twice = [_values(round_, 1), _values(round_, 1, Title=" FRIDAY  nights ")]
    page = _text(_upload(client, round_, _xlsx(_headers(round_), twice)))
    assert "Row 3: this is the same bid as row 2 (same lot, organisation and title)" in page
    page = _text(_upload(client, round_, _xlsx(_headers(round_), [])))
    assert "The “Bids” sheet has no bids in it" in page
    assert not Bid.objects.filter(organisation__startswith="Harbour").exists()


def test_an_answer_to_a_question_the_lot_does_not_ask(round_, officer_user, as_user):
    round_services.add_lot(
        round_,
        by=officer_user,
        name="Outreach",
        description="",
        budget=Decimal("50000"),
        reason="Outreach added.",
    )
    row = _values(round_, 1)
    row["Lot"] = "Lot 3: Outreach"
    response = _upload(as_user(officer_user), round_, _xlsx(_headers(round_), [row]))
    assert "Lot 3: Outreach does not ask this question" in _text(response)


def _no_sheets(round_):
    data = _good_file(round_, 1)
    return _rewrite(
        data, {"xl/workbook.xml": lambda x: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", x)}
    )


def _rewrite(data, changes):
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, changes.get(info.filename, lambda x: x)(content))
    return out.getvalue()


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _flipped(round_):
    """A zip whose directory is fine but whose sheet data is garbled."""
    data = bytearray(_good_file(round_, 3))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + info.compress_size - 10):
        data[i] ^= 0x5A
    return bytes(data)


# Files that cannot be read at all: the upload form comes back with the reason.
FILE_PROBLEMS = [
    ("empty", lambda r: b"", "The file is empty."),
    (
        "csv renamed",
        lambda r: b"Lot,Organisation\nLot 1,Harbour\n",
        "This file is not an Excel spreadsheet (.xlsx)",
    ),
    (
        "old excel",
        lambda r: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "older Excel file (.xls)",
    ),
    (
        "word document",
        lambda r: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "This is a Word document",
    ),
    ("corrupt zip", lambda r: _good_file(r, 1)[:900], "The file is damaged and cannot be opened"),
    ("garbled sheet", _flipped, "The file is damaged and cannot be opened"),
    ("no sheets", _no_sheets, "The file has no sheets in it"),
    (
        "no Bids sheet",
        lambda r: _xlsx(_headers(r), [_values(r)], title="Sheet1"),
        "The file has no sheet called “Bids” (it has “Sheet1”)",
    ),
    (
        "too large",
        lambda r: b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024),
        "The file is larger than 10 MB",
    ),
]


@pytest.mark.parametrize("build,message", [pytest.param(b, m, id=i) for i, b, m in FILE_PROBLEMS])
def test_unreadable_files_are_refused_with_the_reason(
    round_, officer_user, as_user, settings, build, message
):
    before = Bid.objects.count()
    response = _upload(as_user(officer_user), round_, build(round_))
    page = _text(response)
    assert response.status_code == 200
    assert message in page
    assert "There is a problem" in page and response.templates[0].name == "bids/import_form.html"
    assert Bid.objects.count() == before and _stored_files(settings) == []


def test_no_file_chosen(round_, officer_user, as_user):
    response = as_user(officer_user).post(reverse("bids:import", args=[round_.pk]), {})
    assert "Choose the spreadsheet to upload." in _text(response)


def test_more_than_2000_bids_are_refused_with_a_clear_message(round_, officer_user, as_user):
    headers = _headers(round_)
    row = _values(round_, 1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Bids")
    sheet.append(headers)
    for n in range(5000):
        sheet.append([f"Bulk bidder {n}" if h == "Organisation" else row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    response = _upload(as_user(officer_user), round_, out.getvalue())  # time: bench_hostile_uploads
    assert "You can import at most 2,000 bids per file" in _text(response)
    assert not Bid.objects.filter(organisation__startswith="Bulk bidder").exists()


def test_a_sheet_running_past_20000_rows_is_refused(round_, officer_user, as_user):
    def far_down(sheet):
        sheet.cell(row=30000, column=2, value="stray")

    data = _xlsx(_headers(round_), [_values(round_, 1)], edit=far_down)
    response = _upload(as_user(officer_user), round_, data)
    assert "The “Bids” sheet goes on past row 20,000" in _text(response)


def test_hundreds_of_problems_are_counted_not_all_listed(round_, officer_user, as_user):
    rows = [_values(round_, n, amount="?") for n in range(600)]
    response = _upload(as_user(officer_user), round_, _xlsx(_headers(round_), rows))
    assert len(response.context["problems"]) == 500
    assert "There are 100 more problems not listed here" in _text(response)


def test_previews_never_confirmed_are_cleared_away(round_, officer_user, as_user, settings):
    client = as_user(officer_user)
    _upload(client, round_, _good_file(round_, 1))
    (old,) = _stored_files(settings)
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(old, (two_hours_ago, two_hours_ago))
    _upload(client, round_, _good_file(round_, 2))
    files = _stored_files(settings)
    assert len(files) == 1 and old not in files


def _zip_bomb(round_, megabytes=300) -> bytes:
    """A real .xlsx whose sheet is padded with ~300 MB of spaces: tiny packed, huge unpacked.
    Written in chunks so the test itself stays light in memory."""
    source = zipfile.ZipFile(io.BytesIO(_good_file(round_, 1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, content)
                continue
            head, tail = content.split(b"</sheetData>")
            chunk = b" " * (1024 * 1024)
            with target.open(info.filename, "w") as sheet:
                sheet.write(head)
                for _ in range(megabytes):
                    sheet.write(chunk)
                sheet.write(b"</sheetData>" + tail)
    return out.getvalue()


def test_a_zip_bomb_is_refused_quickly(round_, officer_user, as_user, settings):
    bomb = _zip_bomb(round_)
    assert len(bomb) < 2 * 1024 * 1024  # small enough to pass the upload limit
    response = _upload(as_user(officer_user), round_, bomb)  # its time: bench_hostile_uploads
    assert "This file unpacks to far more data than a spreadsheet of bids should" in _text(response)
    assert _stored_files(settings) == []


def test_import_pages_are_frozen_once_scoring_starts(round_, officer_user, as_user):
    client = as_user(officer_user)
    token = _token(_upload(client, round_, _good_file(round_, 1)))
    advance(round_, Stage.SCORING, officer_user)
    responses = [
        client.get(reverse("bids:import", args=[round_.pk])),
        client.get(reverse("bids:import_template", args=[round_.pk])),
        _upload(client, round_, _good_file(round_, 1)),
        _confirm(client, round_, token),
    ]
    for response in responses:
        assert response.status_code == 409 and "Bids are frozen" in _text(response)
    assert not Bid.objects.filter(organisation__startswith="Harbour").exists()
    register = _text(client.get(reverse("bids:register", args=[round_.pk])))
    assert "Import from a spreadsheet" not in register


def test_register_links_to_the_import(round_, officer_user, auditor, as_user):
    url = reverse("bids:register", args=[round_.pk])
    assert "Import from a spreadsheet" in _text(as_user(officer_user).get(url))
    assert "Import from a spreadsheet" not in _text(as_user(auditor).get(url))


def test_import_is_all_or_nothing(round_, officer_user, monkeypatch):
    preview = importer.parse(round_, _good_file(round_, 3))
    assert preview.ok and len(preview.new_rows) == 3
    original, calls = services._create_bid, []

    def fail_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValidationError("The database went away.")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_create_bid", fail_on_the_third)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.import_bids(round_, officer_user, preview.rows)
    assert not Bid.objects.filter(organisation__startswith="Harbour").exists()
    assert AuditEvent.objects.count() == events


def test_a_bid_added_after_the_preview_is_skipped_not_doubled(round_, officer_user):
    preview = importer.parse(round_, _good_file(round_, 2))
    make_bid(
        round_.lots.get(number=1),
        officer_user,
        organisation="harbour youth club 1",
        title="Friday Nights",
    )
    created, skipped = services.import_bids(round_, officer_user, preview.rows)
    assert [b.organisation for b in created] == ["Harbour Youth Club 2"]
    assert [r.number for r in skipped] == [2]
