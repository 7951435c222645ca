"""What the decision trail records of rounds, lots, rubrics and criteria (see audit/snapshots.py)."""

from decimal import Decimal

from audit.snapshots import register
from commissioning.models import Criterion, Lot, Round, Rubric


def _places(value, places=2):
    """As the database stores it, so an in-memory 20 and a stored 20.00 snapshot alike."""
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def round_snapshot(r: Round) -> dict:
    return {
        "name": r.name,
        "purpose": r.purpose,
        "total_budget": _places(r.total_budget),
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "mode": r.mode,
        "aggregation": r.aggregation,
        "tie_break": r.tie_break,
        "reference_prefix": r.reference_prefix,
        "blind_review": r.blind_review,
        "divergence_percent": r.divergence_percent,
        "stage": r.stage,
        "method_changed_after_bids": r.method_changed_after_bids,
    }


def lot_snapshot(lot: Lot) -> dict:
    return {
        "round": lot.round_id,
        "number": lot.number,
        "name": lot.name,
        "description": lot.description,
        "budget": _places(lot.budget),
        "rubric": lot.rubric_id,
    }


def rubric_snapshot(rubric: Rubric) -> dict:
    return {"round": rubric.round_id, "name": rubric.name}


def criterion_snapshot(c: Criterion) -> dict:
    return {
        "rubric": c.rubric_id,
        "order": c.order,
        "kind": c.kind,
        "title": c.title,
        "question_formal": c.question_formal,
        "question_plain": c.question_plain,
        "guidance": c.guidance,
        "weight": _places(c.weight),
        "scale_max": c.scale_max,
        "minimum_score": c.minimum_score,
        "officer_method": c.officer_method,
        "descriptors": sorted([d.score, d.text_formal, d.text_plain] for d in c.descriptors.all()),
    }


def register_all():
    register(Round, snapshot=round_snapshot, describe=lambda r: f"Round {r.pk} ({r.name})")
    register(Lot, snapshot=lot_snapshot, describe=lambda lot: f"Lot {lot.pk} ({lot.name})")
    register(Rubric, snapshot=rubric_snapshot, describe=lambda r: f"Rubric {r.pk} ({r.name})")
    register(
        Criterion,
        snapshot=criterion_snapshot,
        queryset=lambda: Criterion.objects.prefetch_related("descriptors"),
        describe=lambda c: f"Criterion {c.pk} ({c.title})",
    )
