"""Every change to induction: modules, check questions, answers, and the practice bid.

Views parse input and call one of these; import them from here (`from training import services`).
Officers' edits and members' passes are recorded in the decision trail; a wrong answer is not a
decision, so attempts are only counted. Modules and the practice bid can change only while the round
is in draft or induction.
  modules    induction modules, and the starter set
  questions  check questions and their choices
  answering  a member answering a module
  practice   the practice bid and the feedback on it
  checks     the checks every service makes first (shared, not for callers)
"""

from training.services.answering import answer_module, marking
from training.services.checks import (
    EDITABLE_STAGES,
    MAX_CHOICES,
    MIN_CHOICES,
    MODULE_FIELDS,
    TRAINING_OPEN_STAGES,
    editable,
)
from training.services.modules import add_starter_modules, create_module, update_module
from training.services.practice import (
    comparison,
    distance,
    scored_criteria,
    set_practice,
    submit_practice,
)
from training.services.questions import create_question, update_question

__all__ = [
    "EDITABLE_STAGES",
    "MAX_CHOICES",
    "MIN_CHOICES",
    "MODULE_FIELDS",
    "TRAINING_OPEN_STAGES",
    "add_starter_modules",
    "answer_module",
    "comparison",
    "create_module",
    "create_question",
    "distance",
    "editable",
    "marking",
    "scored_criteria",
    "set_practice",
    "submit_practice",
    "update_module",
    "update_question",
]
