"""The rows of a previewed bid import, kept for the confirm step so the spreadsheet is read once.

Why server-side rows, not the file and not a signed form: reading the file again on confirm doubled
the cost of the most expensive upload path (a hostile file could be made to cost it twice), and a
signed compact form of 2,000 bids with their answers runs to megabytes, more than a hidden field
should carry back and forth. So the preview writes the rows it showed, as JSON, to
VAR_DIR/imports/<random>.json; the confirm form carries only a signed token naming that file, the
round, the officer and the JSON's SHA-256, valid for an hour and used once. The JSON is capped
(MAX_STORED_BYTES; the parse already caps the text, importer.MAX_TEXT_CHARS), and the confirm step
checks its lots against the round again; `services.import_bids` checks everything else under the
round's lock (bids added meanwhile are skipped, answers must fit the lot's questions).
"""

import contextlib
import hashlib
import json
import time
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from bids.importer import Row

SIGNING_SALT = "bids.import.rows"
TOKEN_MAX_AGE = 60 * 60
MAX_STORED_BYTES = 48 * 1024 * 1024
LOTS_CHANGED = (
    "The round's lots changed since the preview, so nothing was imported. Upload the spreadsheet "
    "again to see a new preview."
)
TOO_BIG = (
    "The bids in this file hold too much text to import at once. Split them into smaller files and "
    "import each in turn."
)


def folder() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def keep(round_, user, rows: list[Row]) -> str:
    """Stores the rows the preview showed; returns the signed token that names them."""
    data = json.dumps(
        [
            {
                "number": row.number,
                "lot": row.lot.pk,
                "fields": {**row.fields, "amount_requested": str(row.fields["amount_requested"])},
                "answers": {str(pk): text for pk, text in row.answers.items()},
            }
            for row in rows
        ],
        ensure_ascii=False,
    ).encode()
    if len(data) > MAX_STORED_BYTES:
        raise ValidationError(TOO_BIG)
    place = folder()
    place.mkdir(parents=True, exist_ok=True)
    for old in place.glob("*"):  # previews never confirmed
        with contextlib.suppress(OSError):  # another request may have removed it first
            if old.stat().st_mtime < time.time() - TOKEN_MAX_AGE:
                old.unlink()
    name = uuid.uuid4().hex
    with open(place / f"{name}.json", "xb") as handle:
        handle.write(data)
    claims = {
        "file": name,
        "round": round_.pk,
        "user": str(user.pk),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return signing.dumps(claims, salt=SIGNING_SALT)


def _path(token: str, round_, user) -> tuple[Path, str] | None:
    try:
        claims = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        name = uuid.UUID(hex=claims["file"]).hex
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if claims.get("round") != round_.pk or claims.get("user") != str(user.pk):
        return None
    return folder() / f"{name}.json", claims.get("sha256")


def take(token: str, round_, user) -> list[Row] | None:
    """The rows the token names, removed from storage (a token works once); None when the token is
    not valid for this round and officer or the stored rows changed. A ValidationError when the
    round's lots changed since the preview."""
    found = _path(token, round_, user)
    if found is None:
        return None
    path, digest = found
    try:
        if path.stat().st_size > MAX_STORED_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    finally:
        path.unlink(missing_ok=True)
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    lots = {lot.pk: lot for lot in round_.lots.select_related("round")}
    rows = []
    for item in json.loads(data):
        lot = lots.get(item["lot"])
        if lot is None:
            raise ValidationError(LOTS_CHANGED)
        fields = {**item["fields"], "amount_requested": Decimal(item["fields"]["amount_requested"])}
        answers = {int(pk): text for pk, text in item["answers"].items()}
        rows.append(Row(item["number"], lot, fields, answers))
    return rows
