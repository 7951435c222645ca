"""Gentle checks on a reason, so records stand up if an award is challenged.

Courts have overturned awards whose records only paraphrased the criteria, or compared bids with each
other instead of with the criteria. These checks flag such reasons in plain words; a flag never
blocks submitting, and the chair sees it later.
"""

import re
from dataclasses import dataclass

REPEATS = "repeats"
COMPARES = "compares"

MESSAGES = {
    REPEATS: "This mostly repeats what the score means. Say what in the bid made you give it.",
    COMPARES: "This compares the bid with other bids. Score this bid on its own, against the "
    "question.",
}

_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "because",
        "bid",
        "bids",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "gave",
        "give",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "it's",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "very",
        "was",
        "we",
        "were",
        "what",
        "which",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
_COMPARING = re.compile(
    r"\b(better|worse|stronger|weaker|cheaper|clearer|nicer)\s+than\b"
    r"|\bthan\s+(the\s+)?(other|others|rest|last|previous|first)\b"
    r"|\b(other|another|previous|last|next)\s+(bid|bidder)s?\b"
    r"|\bbid\s+[a-z]{1,2}\b(?!\w)"
    r"|\bcompared?\s+(to|with)\b|\bcomparison\b"
    r"|\b(best|worst)\s+(bid|one|of\s+(them|all|the))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def flags_for(reason: str, descriptor: str = "", own_alias: str = "") -> list[Flag]:
    """The flags a reason raises. `descriptor` is the meaning of the chosen score; `own_alias`
    ("Bid C") is the bid's own name, which a reason may of course mention."""
    reason = (reason or "").strip()
    if not reason:
        return []
    found = []
    words = _content_words(reason)
    described = set(_content_words(descriptor))
    if words and described:
        repeated = sum(1 for w in words if w in described)
        if repeated / len(words) >= 0.7 and len(words) - repeated < 5:
            found.append(Flag(REPEATS, MESSAGES[REPEATS]))
    text = reason
    if own_alias:
        text = re.sub(re.escape(own_alias), " ", text, flags=re.IGNORECASE)
    if _COMPARING.search(text):
        found.append(Flag(COMPARES, MESSAGES[COMPARES]))
    return found
