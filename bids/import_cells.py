"""Turning one spreadsheet cell into a bid's value, or a plain-words reason it cannot be.

Each reader returns (value, problem): problem is None when the cell is fine, otherwise a sentence
that follows "Row 7, column E (Amount requested): ".
"""

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

PENNY = Decimal("0.01")
MAX_AMOUNT = Decimal("100000000")  # £100 million: more is surely a typing slip
MAX_BUDGET_MULTIPLE = 10


def normalise(text) -> str:
    """How names are compared: case, surrounding and repeated spaces do not count."""
    return " ".join(str(text).split()).casefold()


def is_blank(cell) -> bool:
    value = cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def cell_problem(cell, what: str) -> str | None:
    """Refuses formulas and error values, whatever the column. `what`: "number", "text"."""
    if cell.data_type == "f":
        return f"this cell has a formula; type the {what} instead"
    if cell.data_type == "e":
        return f"this cell shows the error {shown(cell.value)}; type the {what} instead"
    return None


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return str(value).strip()


def read_text(value, *, label: str, required: bool, max_length: int):
    text = text_of(value)
    if required and not text:
        return "", f"this cell is empty; every bid needs its {label.lower()}"
    if len(text) > max_length:
        return text, (
            f"this is {len(text):,} characters long; the most allowed is {max_length:,}. "
            "Shorten it."
        )
    return text, None


def read_email(value, *, max_length: int = 254):
    text, problem = read_text(value, label="Contact email", required=False, max_length=max_length)
    if problem or not text:
        return text, problem
    try:
        validate_email(text)
    except ValidationError:
        return text, f"“{shown(text)}” is not an email address. Type it like name@example.org."
    return text, None


NOT_MONEY = "“{}” is not an amount of money. Type a number of pounds, like 25000 or 25000.50"
TOO_MUCH = "this is more than £100 million, which no bid here asks for. Check the amount"
# The form an amount is typed in, checked before anything turns it into a number or formats it: a
# cell holding "1e400000000" would otherwise become a Decimal of 400 million digits, which
# formatting for the message below takes half a minute and gigabytes to print.
TYPED_AMOUNT = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?|-?\.[0-9]{1,20}")
SHOWN = 40  # characters of a refused cell quoted back
SHOWN_UP_TO = 10**20  # a number cell beyond this is refused before it becomes a Decimal


def shown(value) -> str:
    """A refused cell's text on one line, cut short for the message."""
    text = text_of(value) if not isinstance(value, float) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 1]}…"


def read_amount(value):
    """(Decimal, None) or (None, problem). Budget checks come later, once the lot is known.
    Checked for size and form before anything formats it (see TYPED_AMOUNT)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "this cell is empty; every bid needs the amount requested"
    if isinstance(value, bool):
        return None, NOT_MONEY.format(shown(value))
    if isinstance(value, date | datetime | time | timedelta):
        return None, "this cell holds a date or time, not an amount. Type a number of pounds"
    if isinstance(value, float | int):  # a number cell: its size is checked as a number
        if isinstance(value, float) and not math.isfinite(value):
            return None, NOT_MONEY.format(shown(value))
        if abs(value) > SHOWN_UP_TO:
            return None, NEGATIVE if value < 0 else TOO_MUCH
        raw = repr(value) if isinstance(value, float) else str(value)
    else:
        raw = str(value)[:200].strip().replace("£", "").replace(",", "").replace(" ", "")
        if len(str(value)) > 200 or not TYPED_AMOUNT.fullmatch(raw):
            return None, NOT_MONEY.format(shown(value))
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return None, NOT_MONEY.format(shown(value))
    if not amount.is_finite():
        return None, NOT_MONEY.format(shown(value))
    if amount < 0:
        return None, NEGATIVE
    if amount > MAX_AMOUNT:
        return (
            None,
            f"{money(amount)} is more than £100 million, which no bid here asks for. Check the amount",
        )
    if amount != amount.quantize(PENNY):
        return None, "give the amount to the nearest penny (no more than 2 decimal places)"
    return amount, None


NEGATIVE = "the amount cannot be negative. Type the amount the bidder asks for"


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def budget_problem(amount: Decimal, budget: Decimal) -> str | None:
    """An amount no real bid for the lot asks for: a typing slip far more often than not."""
    if budget > 0 and amount > budget * MAX_BUDGET_MULTIPLE:
        return (
            f"{money(amount)} is more than ten times the lot's budget of {money(budget)}. "
            "Check the amount"
        )
    return None


def bid_key(lot_id, organisation, title) -> tuple:
    """Two bids are the same bid when lot, organisation and title match, case and spaces aside."""
    return (lot_id, normalise(organisation), normalise(title))
