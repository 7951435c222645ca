"""Words and numbers in assessment summaries: ordinals, pounds, scores, and the redactor that keeps
other bidders' and panellists' names out of text given to a bidder (decisions/summaries.py)."""

import re
from decimal import Decimal

from decisions import totals


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def pounds(value: Decimal) -> str:
    return f"£{value:,.2f}"


def number(value) -> str:
    """A score as people write it: 4, or 3.67 for a mean."""
    if value is None:
        return ""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return str(totals.shown(d))


class Redactor:
    """Replaces names a bidder must not see with neutral words, whole words only, any case."""

    def __init__(self, replacements: dict[str, str]):
        names = sorted((n for n in replacements if len(n.strip()) >= 3), key=len, reverse=True)
        self.replacements = {n.lower(): replacements[n] for n in names}
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
            if names
            else None
        )

    def __call__(self, text: str) -> str:
        if not text or self.pattern is None:
            return text or ""
        return self.pattern.sub(lambda m: self.replacements[m.group(0).lower()], text)
