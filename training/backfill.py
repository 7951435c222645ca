"""Starter questions added before each question was recorded on its own.

They were recorded only inside their module's "training.module_created" event, so the replay (which
follows each question's own events) names them as never recorded. This records each one whose live
row still equals what its module's event recorded, so nothing changed since is laundered into the
trail; one that differs is left for the verifier to name.
"""

from django.db import transaction

import audit
from audit.canonical import normalise
from audit.models import AuditEvent
from commissioning.models import Round
from training.models import Module
from training.services.questions import _question_data

REASON = "backfill: recorded in its module's event before questions were recorded one by one"


def record_starter_questions() -> tuple[list, list]:
    """Returns (questions recorded, questions left because they differ from the module's event)."""
    recorded_ids = set(
        AuditEvent.objects.filter(object_type="training.checkquestion").values_list(
            "object_id", flat=True
        )
    )
    recorded, differing = [], []
    for module in Module.objects.exclude(starter_key="").order_by("round_id", "pk"):
        questions = [
            q for q in module.questions.prefetch_related("choices") if str(q.pk) not in recorded_ids
        ]
        if not questions:
            continue
        event = (
            AuditEvent.objects.filter(
                action="training.module_created",
                object_type="training.module",
                object_id=str(module.pk),
            )
            .order_by("seq")
            .first()
        )
        trail = (event.after or {}).get("questions", []) if event else []
        everything = list(module.questions.prefetch_related("choices"))
        with transaction.atomic():
            # Published rounds too: this records what was already decided, it changes nothing.
            round_ = Round.objects.select_for_update(of=("self",)).get(pk=module.round_id)
            for question in questions:
                position = everything.index(question)
                if position < len(trail) and normalise(_question_data(question)) == trail[position]:
                    audit.record(
                        "training.question_created",
                        obj=question,
                        round=round_,
                        actor="system",
                        reason=REASON,
                    )
                    recorded.append(question)
                else:
                    differing.append(question)
    return recorded, differing
