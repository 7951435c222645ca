"""Property-based tests: every parser and form that takes outside input gives a clear message or a
success for ANY input, never an exception (issue 16). Example counts come from the Hypothesis
profile (tests/conftest.py: "ci" has few, "nightly" many).
"""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bids import documents, importer
from bids import import_cells as cells
from config.fields import MoneyField
from scoring.forms import DeadlineForm
from tests import hostile_files as hostile
from tests.test_bid_import import _good_file, _headers, _values

DB = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text as an attacker types it into a cell or a field.
NASTY_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "1e400000000",
            "-1e400000000",
            "1E-400000000",
            "9" * 5000,
            "NaN",
            "-Infinity",
            "sNaN",
            "0x10",
            "1_000",
            "²",
            "٣٤",
            "£-0.001",
            "1,2,3.4.5",
            "=SUM(A1:A9)",
            "\x00\x1f",
            " " * 300,
        ]
    ),
    st.from_regex(r"-?[0-9]{0,30}(\.[0-9]{0,30})?([eE][-+]?[0-9]{1,12})?", fullmatch=True),
)
CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**300), max_value=10**300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    NASTY_TEXT,
)


def _fine(problem):
    assert isinstance(problem, str) and 0 < len(problem) < 400
    assert "\n" not in problem


# The import's cell parsers --------------------------------------------------------------------


@given(CELL_VALUES)
def test_read_amount_gives_a_penny_amount_or_a_short_reason(value):
    amount, problem = cells.read_amount(value)
    if problem is None:
        assert isinstance(amount, Decimal) and amount.is_finite()
        assert 0 <= amount <= cells.MAX_AMOUNT and amount == amount.quantize(cells.PENNY)
        cells.money(amount)  # formatting it is cheap: it is bounded
    else:
        assert amount is None
        _fine(problem)


@given(CELL_VALUES, st.booleans(), st.integers(min_value=0, max_value=300))
def test_read_text_and_email_never_raise(value, required, max_length):
    text, problem = cells.read_text(value, label="Title", required=required, max_length=max_length)
    assert isinstance(text, str)
    if problem is None:
        assert len(text) <= max_length
    else:
        _fine(problem)
    text, problem = cells.read_email(value)
    assert problem is None or len(problem) < 400


# The spreadsheet reader -----------------------------------------------------------------------


def _sheet_with(round_, rows) -> bytes:
    headers = _headers(round_)
    book = Workbook()
    sheet = book.active
    sheet.title = "Bids"
    sheet.append(headers)
    for row in rows:
        good = _values(round_, 1)
        sheet.append([row.get(n, good.get(h)) for n, h in enumerate(headers)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refused_or_previewed(round_, data):
    try:
        preview = importer.parse(round_, data)
    except ValidationError as error:
        for message in error.messages:
            _fine(message)
        return
    for problem in preview.problems:
        assert len(str(problem)) < 1000
    for row in preview.rows:
        assert 0 <= row.fields["amount_requested"] <= cells.MAX_AMOUNT


WRITABLE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    NASTY_TEXT.map(lambda t: "".join(ch for ch in t if ch.isprintable())),
)


@DB
@given(st.lists(st.dictionaries(st.integers(0, 16), WRITABLE, max_size=6), min_size=1, max_size=4))
def test_any_cells_give_a_preview_or_a_reason(round_, rows):
    _refused_or_previewed(round_, _sheet_with(round_, rows))


@DB
@given(st.data())
def test_any_damage_to_a_spreadsheet_gives_a_reason(round_, data):
    good = _good_file(round_, 2)
    damage = data.draw(
        st.sampled_from(["flip", "cut", "random", "encrypt", "method", "zip of anything"])
    )
    if damage == "flip":
        spots = data.draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
        broken = bytearray(good)  # its length varies with the time it was saved
        for spot in spots:
            broken[spot % len(good)] ^= data.draw(st.integers(1, 255))
        file = bytes(broken)
    elif damage == "cut":
        file = good[: data.draw(st.integers(0, 10**6)) % len(good)]
    elif damage == "random":
        file = data.draw(st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"]))
        file += data.draw(st.binary(max_size=2000))
    else:
        members = zipfile.ZipFile(io.BytesIO(good)).namelist()
        member = data.draw(st.sampled_from(members))
        if damage == "encrypt":
            file = hostile.encrypted(good, member)
        elif damage == "method":
            file = hostile.unsupported_compression(good, member)
        else:
            parts = data.draw(
                st.dictionaries(st.sampled_from(members), st.binary(max_size=300), max_size=6)
            )
            file = hostile._zip(parts)
    _refused_or_previewed(round_, file)


# Document type detection ----------------------------------------------------------------------


DOCUMENT_PARTS = st.sampled_from(
    ["mimetype", "word/document.xml", "xl/workbook.xml", "content.xml", "[Content_Types].xml"]
)


@given(st.data())
def test_detect_kind_gives_a_kind_or_a_reason(data):
    how = data.draw(st.sampled_from(["bytes", "zip", "flagged", "method"]))
    if how == "bytes":
        head = data.draw(st.sampled_from([b"", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06"]))
        content = head + data.draw(st.binary(max_size=2000))
    else:
        parts = data.draw(
            st.dictionaries(
                DOCUMENT_PARTS,
                st.one_of(st.binary(max_size=200), st.just(hostile.ODT_MIMETYPE)),
                min_size=1,
                max_size=5,
            )
        )
        content = hostile._zip(parts)
        member = data.draw(st.sampled_from(sorted(parts)))
        if how == "flagged":
            content = hostile.encrypted(content, member)
        elif how == "method":
            content = hostile.unsupported_compression(content, member)
    assume(content)
    try:
        kind, name = documents.check(SimpleUploadedFile("upload.pdf", content))
    except ValidationError as error:
        for message in error.messages:
            _fine(message)
    else:
        assert kind in {"pdf", "docx", "odt", "xlsx"} and name.endswith(f".{kind}")


# Money, date and time fields ------------------------------------------------------------------


@given(NASTY_TEXT)
def test_money_field_gives_pounds_and_pence_or_a_message(text):
    try:
        amount = MoneyField().clean(text)
    except forms.ValidationError as error:
        for message in error.messages:
            _fine(message)
        return
    assert isinstance(amount, Decimal) and amount.is_finite()
    assert amount >= 0 and amount.as_tuple().exponent >= -2
    assert len(f"{amount:,.2f}") < 40


def test_money_field_refuses_an_exponent_without_making_the_number():
    for text in ("1e400000000", "1E-400000000", "1e5"):
        with pytest.raises(forms.ValidationError) as caught:
            MoneyField().clean(text)
        assert caught.value.messages == ["Enter an amount in pounds, like 250000 or 250000.50."]


@given(due_date=NASTY_TEXT, due_time=NASTY_TEXT, reminder_hours=NASTY_TEXT)
def test_the_deadline_form_gives_a_deadline_or_messages(due_date, due_time, reminder_hours):
    form = DeadlineForm(
        {"due_date": due_date, "due_time": due_time, "reminder_hours": reminder_hours}
    )
    if form.is_valid():
        assert form.cleaned_data["due_at"] > form.now
        assert all(1 <= h <= 24 * 28 for h in form.cleaned_data["reminder_hours"])
    else:
        for messages in form.errors.values():
            for message in messages:
                assert len(message) < 400


def test_a_superscript_digit_is_not_a_number_of_hours():
    form = DeadlineForm({"due_date": "2099-01-01", "due_time": "17:00", "reminder_hours": "24, ²"})
    assert not form.is_valid()
    assert form.errors["reminder_hours"] == [
        "“²” is not a whole number of hours. Use numbers like 72, 24."
    ]


@given(hours=NASTY_TEXT, on=NASTY_TEXT, amount=NASTY_TEXT)
def test_the_panel_time_and_expense_forms_give_values_or_messages(hours, on, amount):
    from panels.forms import ExpenseForm, TimeForm

    for form in (
        TimeForm({"kind": "meeting", "hours": hours, "on": on}),
        ExpenseForm({"description": "Bus fare", "amount": amount, "on": on}),
    ):
        if form.is_valid():
            value = form.cleaned_data.get("hours", form.cleaned_data.get("amount"))
            assert value.is_finite() and len(f"{value:,.2f}") < 40
        else:
            assert all(len(m) < 400 for ms in form.errors.values() for m in ms)


@DB
@given(budget=NASTY_TEXT, starts=NASTY_TEXT, ends=NASTY_TEXT)
def test_the_round_and_lot_forms_give_values_or_messages(round_, budget, starts, ends):
    from commissioning.forms import LotForm, RoundForm

    data = {"name": "Round", "total_budget": budget, "starts_on": starts, "ends_on": ends}
    for form in (
        RoundForm(data, instance=round_, round_=round_),
        LotForm({"name": "Lot", "budget": budget}, round_=round_),
    ):
        if form.is_valid():
            value = form.cleaned_data.get("total_budget", form.cleaned_data.get("budget"))
            assert value.is_finite() and len(f"{value:,.2f}") < 40
        else:
            assert all(len(m) < 400 for ms in form.errors.values() for m in ms)
