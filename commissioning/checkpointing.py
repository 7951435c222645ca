"""A signed checkpoint of the round's chain (and the global one) at every stage move.

Written once the move commits, to AUDIT_CHECKPOINT_DIR outside the database, so each stage a round
passes through is pinned down: cutting events off or rewriting the trail before a stage move is
caught by `verify_audit` (audit/checkpoints.py). A server with no directory or no signing key
moves stages all the same; verify_audit says that nothing is checkpointed.
"""

import logging

from django.db import transaction
from django.dispatch import receiver

from audit import checkpoints
from audit.keys import checkpoint_key
from audit.models import Chain
from audit.recorder import chain_key
from commissioning.signals import stage_moved

log = logging.getLogger(__name__)


@receiver(stage_moved)
def checkpoint_at_stage_move(sender, round_, **kwargs):
    if checkpoints.directory() is None or checkpoint_key() is None:
        return
    keys = [chain_key(round_), Chain.GLOBAL]
    transaction.on_commit(lambda: write(keys))


def write(keys):
    try:
        checkpoints.write(list(Chain.objects.filter(key__in=keys).order_by("key")))
    except (OSError, checkpoints.CheckpointError):
        # The move has committed; a missing checkpoint weakens the proof but loses nothing.
        # cron's audit_checkpoint writes it on its next run.
        log.exception("Could not write the audit checkpoint after a stage move")
