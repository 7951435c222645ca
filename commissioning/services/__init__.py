"""Every change to rounds, lots and rubrics, each recording its event in the decision trail.

Views parse input and call one of these (`from commissioning import services`); nothing else writes
these models. Each service locks the round row first, so a stage move and a method edit (or two
stage moves) cannot interleave.
  rounds   rounds, their stages, and who has access
  lots     lots within the round's budget
  rubrics  rubrics, criteria, descriptors and weights
  checks   the checks every service makes first (shared, not for callers)
"""

from commissioning.services.checks import (
    CRITERION_FIELDS,
    LOT_FIELDS,
    ROUND_FIELDS,
    StageConflict,
)
from commissioning.services.lots import add_lot, remove_lot, update_lot
from commissioning.services.rounds import (
    create_round,
    grant_access,
    make_officer,
    move_stage,
    revoke_access,
    update_round,
)
from commissioning.services.rubrics import (
    add_criterion,
    create_rubric,
    remove_criterion,
    rename_rubric,
    set_weights,
    update_criterion,
)

__all__ = [
    "CRITERION_FIELDS",
    "LOT_FIELDS",
    "ROUND_FIELDS",
    "StageConflict",
    "add_criterion",
    "add_lot",
    "create_round",
    "create_rubric",
    "grant_access",
    "make_officer",
    "move_stage",
    "remove_criterion",
    "remove_lot",
    "rename_rubric",
    "revoke_access",
    "set_weights",
    "update_criterion",
    "update_lot",
    "update_round",
]
