"""Induction modules: written by officers, or the starter set added in one go."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

import audit
from commissioning.models import Round
from training.models import Module
from training.services.checks import (
    MODULE_FIELDS,
    officer_round,
)
from training.services.questions import questions_data, write_question
from training.starter_modules import STARTER_MODULES


def _module_data(module: Module) -> dict:
    return {
        "title": module.title,
        "body": module.body,
        "order": module.order,
        "required": module.required,
        "minutes": module.minutes,
        "starter_key": module.starter_key,
    }


def _clean_module(fields: dict) -> dict:
    data = {k: fields[k] for k in MODULE_FIELDS if k in fields}
    if data.get("order", 0) is None:
        del data["order"]  # empty: a new module goes last, an edited one stays where it is
    errors = {}
    for key in ("title", "body"):
        if key in data:
            data[key] = (data[key] or "").strip()
            if not data[key]:
                errors[key] = {
                    "title": "Enter a title.",
                    "body": "Write what the module says.",
                }[key]
    if "minutes" in data and not (1 <= int(data["minutes"] or 0) <= 600):
        errors["minutes"] = "Enter a number of minutes from 1 to 600."
    if errors:
        raise ValidationError(errors)
    return data


def _next_order(round_: Round) -> int:
    return (round_.modules.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def create_module(round_: Round, *, by, **fields) -> Module:
    round_ = officer_round(round_, by)
    data = _clean_module(fields)
    data.setdefault("order", _next_order(round_))
    module = Module.objects.create(round=round_, **data)
    audit.record(
        "training.module_created", obj=module, round=round_, actor=by, after=_module_data(module)
    )
    return module


@transaction.atomic
def update_module(module: Module, *, by, **changes) -> Module:
    round_ = officer_round(module.round, by)
    module = Module.objects.get(pk=module.pk)
    before = _module_data(module)
    for key, value in _clean_module(changes).items():
        setattr(module, key, value)
    module.save()
    if _module_data(module) != before:
        audit.record(
            "training.module_saved",
            obj=module,
            round=round_,
            actor=by,
            before=before,
            after=_module_data(module),
        )
    return module


@transaction.atomic
def add_starter_modules(round_: Round, *, by) -> list[Module]:
    """Copies the built-in starter set (training/starter_modules.py) into the round, after any
    modules it has. A starter module already in the round is not added twice."""
    round_ = officer_round(round_, by)
    present = set(round_.modules.values_list("starter_key", flat=True))
    order = _next_order(round_)
    made = []
    for spec in STARTER_MODULES:
        if spec["key"] in present:
            continue
        module = Module.objects.create(
            round=round_,
            title=spec["title"],
            body=spec["body"],
            minutes=spec["minutes"],
            order=order,
            required=True,
            starter_key=spec["key"],
        )
        order += 1
        questions = [
            write_question(
                module,
                None,
                question["text"],
                question["explanation"],
                question["choices"],
                q_order,
            )
            for q_order, question in enumerate(spec["questions"], start=1)
        ]
        audit.record(
            "training.module_created",
            obj=module,
            round=round_,
            actor=by,
            after={**_module_data(module), "questions": questions_data(module)},
            reason="Added from the starter set.",
        )
        for question in questions:  # each question is replayed on its own, as officers' ones are
            audit.record(
                "training.question_created",
                obj=question,
                round=round_,
                actor=by,
                reason="Added from the starter set.",
            )
        made.append(module)
    return made
