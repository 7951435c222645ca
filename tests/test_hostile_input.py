"""Hostile input reaching uploads and forms: every case is refused with a plain message, never a
500, and never by unpacking or formatting the whole thing first (issue 16).

The files are built here, small, by the same helpers the benchmark tests/perf/bench_hostile_uploads.py
uses (tests/hostile_files.py); how fast and how light each refusal is lives in that benchmark.
"""

import pytest
from django.urls import reverse

from bids.models import Bid, Document
from commissioning.models import Lot
from tests import hostile_files as hostile
from tests.test_bid_documents import _upload as _upload_document
from tests.test_bid_import import _headers, _text, _upload, _values, _xlsx


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


# The bid import -------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e400000000", "-1e400000000", "1E-400000000", "9" * 5000])
def test_an_amount_with_a_huge_exponent_is_refused_in_a_few_words(
    round_, officer_user, as_user, amount
):
    data = _xlsx(_headers(round_), [_values(round_, 1, amount=amount)])
    response = _upload(as_user(officer_user), round_, data)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1 and problems[0].startswith("Row 2, column E (Amount requested): ")
    assert "is not an amount of money" in problems[0] or "more than £100 million" in problems[0]
    assert len(problems[0]) < 400  # the cell is not copied out, let alone formatted
    assert len(response.content) < 200_000
    assert response.context["confirm"] is None


def test_a_shared_strings_bomb_is_refused_before_it_is_read(round_, officer_user, as_user):
    data = hostile.shared_strings_bomb(_xlsx(_headers(round_), [_values(round_, 1)]), 300_000)
    response = _upload(as_user(officer_user), round_, data)
    page = _text(response)
    assert "more than 50,000 different pieces of text" in page, page[:2000]
    assert response.templates[0].name == "bids/import_form.html"


def test_a_sheet_of_countless_cells_is_refused_before_it_is_read(round_, officer_user, as_user):
    data = hostile.cells_bomb(_xlsx(_headers(round_), [_values(round_, 1)]), 600_000)
    response = _upload(as_user(officer_user), round_, data)
    assert "more than 100,000 cells" in _text(response)


@pytest.mark.parametrize(
    "build,message",
    [
        (hostile.encrypted, "protected by a password"),
        (hostile.unsupported_compression, "packed in a way Excel does not use"),
    ],
    ids=["encrypted member", "unsupported compression"],
)
def test_a_spreadsheet_zip_flag_is_refused_from_the_directory(
    round_, officer_user, as_user, build, message
):
    data = build(_xlsx(_headers(round_), [_values(round_, 1)]), "xl/worksheets/sheet1.xml")
    response = _upload(as_user(officer_user), round_, data)
    assert message in _text(response)


def test_the_spreadsheet_is_read_once_and_its_rows_kept_for_the_confirm_step(
    round_, officer_user, as_user, monkeypatch
):
    from bids import importer

    client = as_user(officer_user)
    response = _upload(
        client, round_, _xlsx(_headers(round_), [_values(round_, n) for n in (1, 2)])
    )
    token = response.context["confirm"].initial["token"]

    def never(*args, **kwargs):
        raise AssertionError("the confirm step read the spreadsheet again")

    monkeypatch.setattr(importer, "parse", never)
    response = client.post(reverse("bids:import_confirm", args=[round_.pk]), {"token": token})
    assert response.status_code == 302
    imported = Bid.objects.filter(organisation__startswith="Harbour Youth Club").order_by("pk")
    assert [b.organisation for b in imported] == ["Harbour Youth Club 1", "Harbour Youth Club 2"]
    assert all(b.answers.count() == 7 for b in imported)


def test_a_lot_removed_between_preview_and_confirm_imports_nothing(round_, officer_user, as_user):
    client = as_user(officer_user)
    first = round_.lots.get(number=1)
    lot = round_.lots.create(number=9, name="Short-lived", budget=100000, rubric=first.rubric)
    headers = _headers(round_)
    rows = [_values(round_, 1), {**_values(round_, 2), "Lot": str(lot)}]
    token = _upload(client, round_, _xlsx(headers, rows)).context["confirm"].initial["token"]
    Lot.objects.filter(pk=lot.pk).delete()
    response = client.post(reverse("bids:import_confirm", args=[round_.pk]), {"token": token})
    assert response.status_code == 200
    assert "The round's lots changed since the preview" in _text(response)
    assert not Bid.objects.filter(organisation__startswith="Harbour Youth Club").exists()


# Bid documents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build,message",
    [
        (hostile.encrypted, "protected by a password"),
        (hostile.unsupported_compression, "packed in a way Word, Excel and LibreOffice do not use"),
    ],
    ids=["encrypted member", "unsupported compression"],
)
def test_a_document_whose_zip_flags_would_crash_the_reader_is_refused(
    round_, officer_user, as_user, build, message
):
    before = Document.objects.count()
    content = build(hostile.ODT, "mimetype")
    _, response = _upload_document(as_user(officer_user), round_, "notes.odt", content)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert Document.objects.count() == before


@pytest.mark.parametrize("member", ["mimetype", "word/document.xml"])
def test_a_document_that_unpacks_to_190_mb_is_refused_without_unpacking_it(
    round_, officer_user, as_user, member
):
    content = hostile.document_bomb(member, megabytes=190)
    assert len(content) < 400_000
    _, response = _upload_document(as_user(officer_user), round_, "plan.docx", content)
    errors = " ".join(response.context["form"].errors["file"])
    assert "This file unpacks to far more than a document of this size should" in errors


# Lots -----------------------------------------------------------------------------------------


def test_removing_a_lot_with_bids_is_refused_beside_the_form(round_, officer_user, as_user):
    lot = round_.lots.first()
    assert lot.bids.exists()
    url = reverse("commissioning:lot_remove", args=[round_.pk, lot.pk])
    response = as_user(officer_user).post(url, {"reason": "Merged into lot 2"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any(e.startswith("This lot already has bids") for e in errors)
    assert "This lot already has bids" in _text(response)
    assert Lot.objects.filter(pk=lot.pk).exists()
