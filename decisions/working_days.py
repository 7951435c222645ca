"""Working days in England and Wales, for the Procurement Act 2023 standstill period.

A working day is any day but a Saturday, a Sunday or a bank holiday. The bank holidays are a table
here, copied from GOV.UK's list for England and Wales (https://www.gov.uk/bank-holidays, also
published as https://www.gov.uk/bank-holidays.json). GOV.UK announces about two years ahead: add
each new year's dates when they are announced. A date past the table's end is refused rather
than guessed.
"""

from datetime import date, timedelta

BANK_HOLIDAYS_ENGLAND_AND_WALES = {
    date(2024, 1, 1),
    date(2024, 3, 29),
    date(2024, 4, 1),
    date(2024, 5, 6),
    date(2024, 5, 27),
    date(2024, 8, 26),
    date(2024, 12, 25),
    date(2024, 12, 26),
    date(2025, 1, 1),
    date(2025, 4, 18),
    date(2025, 4, 21),
    date(2025, 5, 5),
    date(2025, 5, 26),
    date(2025, 8, 25),
    date(2025, 12, 25),
    date(2025, 12, 26),
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 5, 25),
    date(2026, 8, 31),
    date(2026, 12, 25),
    date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday after instead
    date(2027, 1, 1),
    date(2027, 3, 26),
    date(2027, 3, 29),
    date(2027, 5, 3),
    date(2027, 5, 31),
    date(2027, 8, 30),
    date(2027, 12, 27),  # Christmas Day falls on a Saturday
    date(2027, 12, 28),  # and Boxing Day on a Sunday
}
TABLE_COVERS = (date(2024, 1, 1), date(2027, 12, 31))


class OutsideTable(ValueError):
    pass


def is_working_day(day: date) -> bool:
    if not TABLE_COVERS[0] <= day <= TABLE_COVERS[1]:
        raise OutsideTable(
            f"The bank holiday table covers {TABLE_COVERS[0]:%Y} to {TABLE_COVERS[1]:%Y} only, "
            f"so working days around {day:%-d %B %Y} cannot be counted yet. Add the year's "
            "bank holidays from gov.uk/bank-holidays to decisions/working_days.py."
        )
    return day.weekday() < 5 and day not in BANK_HOLIDAYS_ENGLAND_AND_WALES


def last_of_working_days(start: date, count: int) -> date:
    """The last day of a period of `count` working days beginning with `start` (counted if it
    is a working day itself), as the Act counts the standstill period."""
    day, seen = start, 0
    while True:
        if is_working_day(day):
            seen += 1
            if seen == count:
                return day
        day += timedelta(days=1)
