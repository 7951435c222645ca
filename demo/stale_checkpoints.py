"""A fresh demo database must not be checked against an earlier demo database's checkpoints.

"Delete db.sqlite3 to start again" leaves var/checkpoints behind, signed heads of chains that no
longer exist; the new round's chain has the same key, so verify_audit would rightly call it a
rewrite. On a development server only, when the database has no trail yet, the old directory is
moved aside (never deleted) before the demo seeds.
"""

from datetime import UTC, datetime

from django.conf import settings

from audit import checkpoints
from audit.models import Chain


def set_aside() -> str | None:
    """Moves the checkpoint directory aside if it holds files and the trail is empty. Returns
    where it went, or None."""
    root = checkpoints.directory()
    if not settings.DEBUG or root is None or not root.is_dir() or Chain.objects.exists():
        return None
    if not any(root.iterdir()):
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = root.with_name(f"{root.name}.before-{stamp}")
    root.rename(target)
    return str(target)
