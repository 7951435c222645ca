"""What a member should do now, at the top of their panel page.

Working that out needs their score sheets, which belong to a higher app (scoring/member_tasks.py).
It registers itself here in its ready(), as training does for the checklist (panels/readiness.py),
so the panel page shows it without panels importing upwards.
"""

_source = None


def provide(source) -> None:
    """Called once by the app that works out the member's next task (scoring.apps)."""
    global _source
    _source = source


def now(member, items):
    """The stage's headline and next tasks for `member`, or None if no app has registered."""
    return _source(member, items) if _source is not None else None
