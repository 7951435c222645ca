"""Published is final: the one lock every write to a round's record takes.

Every service that changes a round, its lots, bids, panels, training, scores or results locks the
round's row through lock_for_change first, so a round that has been published refuses the change
with a plain message, however the change was asked for (a page, a command, the shell). Pages
refuse earlier still (decisions/read_only.py); this is the backstop.
"""

from django.core.exceptions import ValidationError
from django.db import connection

from commissioning.models import Round, Stage

PUBLISHED_MESSAGE = (
    "This round has been published, so its record is final: nothing in it can change now."
)


def lock_for_change(round_: Round) -> Round:
    """Locks the round's row (and only it) and refuses if the round is published."""
    locked = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    if locked.stage == Stage.PUBLISHED:
        raise ValidationError(PUBLISHED_MESSAGE, code="published")
    return locked


def share_lock_for_change(round_: Round) -> str:
    """For frequent writes that record no decision (a draft save): locks the round's row FOR
    SHARE, so a stage move (FOR UPDATE) waits for them and they cannot land in a round whose stage
    moved under them, but they do not wait for each other. Refuses a published round like
    lock_for_change; returns the stage. SQLite has no row locks and serialises writers anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # Django has no FOR SHARE; the table is Round's
            cursor.execute(
                'SELECT "stage" FROM "commissioning_round" WHERE "id" = %s FOR SHARE', [round_.pk]
            )
            row = cursor.fetchone()
        if row is None:
            raise Round.DoesNotExist
        stage = row[0]
    else:
        stage = Round.objects.values_list("stage", flat=True).get(pk=round_.pk)
    if stage == Stage.PUBLISHED:
        raise ValidationError(PUBLISHED_MESSAGE, code="published")
    return stage


def allowed_after_publication(view):
    """Marks a page whose POST may still run on a published round: what happens after the
    decision (the survey, procurement dates, downloads that are recorded) and a person's own
    consents, which they may withdraw at any time. Every other POST is refused
    (decisions/read_only.py)."""
    view.allowed_after_publication = True
    return view


def recorded_download(view):
    """Marks a page whose POST only hands over a file and records that in the trail (a download is
    a POST so that a GET never writes). It still works on a published round, and for an auditor:
    an export is how an auditor takes the record away, not a change to it."""
    view.allowed_after_publication = True
    view.recorded_download = True
    return view
