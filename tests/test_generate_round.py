"""manage.py generate_round: a small generated round is complete, replays clean, and the same seed
gives the same round (demo/generate.py)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from audit.models import AuditEvent
from commissioning.models import Round, Stage
from decisions.models import Award
from scoring.models import ConsensusRecord, CriterionScore, ScoreSheet, SheetStatus

SMALL = ["--bids", "6", "--panellists", "4", "--criteria", "3", "--revisions", "1"]


def generate(seed=1, *extra):
    out = io.StringIO()
    call_command("generate_round", "--seed", str(seed), *(extra or SMALL), stdout=out)
    return Round.objects.get(name=f"Generated round {seed}"), out.getvalue()


def fingerprint(round_):
    """The round's content without database ids or clocks."""
    scores = CriterionScore.objects.filter(sheet__assignment__bid__lot__round=round_)
    return {
        "bids": list(
            round_.lots.values_list(
                "bids__reference", "bids__organisation", "bids__amount_requested"
            ).order_by("bids__reference")
        ),
        "people": sorted(
            round_.panels.values_list("members__user__email", "members__user__display_name")
        ),
        "scores": sorted(
            scores.values_list(
                "sheet__assignment__member__user__email",
                "sheet__assignment__bid__reference",
                "criterion__title",
                "score",
                "reason",
            )
        ),
        "agreed": sorted(
            ConsensusRecord.objects.filter(bid__lot__round=round_).values_list(
                "bid__reference", "criterion__title", "score"
            )
        ),
        "awards": sorted(
            Award.objects.filter(bid__lot__round=round_).values_list(
                "bid__reference", "decision", "amount"
            )
        ),
    }


def verified() -> bool:
    try:
        call_command("verify_audit", stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        return False
    return True


@pytest.mark.django_db
def test_a_small_generated_round_is_complete_and_replays_clean():
    round_, out = generate()
    assert round_.stage == Stage.DECIDED
    sheets = ScoreSheet.objects.filter(assignment__bid__lot__round=round_)
    assert sheets.count() == 6 * 4
    assert not sheets.exclude(status=SheetStatus.SUBMITTED).exists()
    assert CriterionScore.objects.filter(sheet__in=sheets).count() == 6 * 4 * 1
    assert ConsensusRecord.objects.filter(bid__lot__round=round_).count() == 6
    assert Award.objects.filter(bid__lot__round=round_).count() == 6
    events = AuditEvent.objects.filter(round=round_).count()
    assert f"{events:,} events" in out
    assert verified()
    # The check can fail: a score changed behind the app's back is caught.
    CriterionScore.objects.filter(sheet__in=sheets).update(score=0)
    assert not verified()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_round_and_another_seed_another():
    class Undo(Exception):
        pass

    def made(seed):
        try:
            with transaction.atomic():
                round_, _ = generate(seed)
                result = fingerprint(round_)
                raise Undo
        except Undo:
            return result

    first = made(7)
    assert first["scores"] and first["awards"]
    assert made(7) == first
    assert made(8) != first


@pytest.mark.django_db
def test_a_seed_already_generated_is_refused():
    generate(3)
    with pytest.raises(ValueError, match="seed 3"):
        generate(3)
