"""The rubric (the published method) and the stage machine with its guards."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from commissioning import services, stages
from commissioning.models import Criterion, CriterionKind, Round, Stage
from commissioning.starter_rubric import STARTER_RUBRIC
from tests.factories import advance, make_round


def _criterion_post(scale=5, **overrides):
    data = {
        "kind": "scored",
        "title": "Listening to young people",
        "question_formal": "Describe...",
        "question_plain": "Do they listen?",
        "guidance": "",
        "weight": "10",
        "scale_max": str(scale),
        "minimum_score": "",
        "officer_method": "",
    }
    for level in range(scale + 1):
        data[f"level_{level}_formal"] = f"Formal {level}"
        data[f"level_{level}_plain"] = f"Plain {level}"
    return {**data, **overrides}


def test_starter_rubric_is_complete_and_ready():
    scored = [c for c in STARTER_RUBRIC["criteria"] if c["kind"] != "pass_fail"]
    assert sum(c["weight"] for c in scored) == 100
    for c in STARTER_RUBRIC["criteria"]:
        if c["kind"] == "scored":
            assert [d[0] for d in c["descriptors"]] == list(range(c["scale_max"] + 1))


def test_a_complete_round_may_leave_draft_and_the_move_is_recorded(round_, officer_user, as_user):
    assert stages.problems_leaving(round_) == []
    url = reverse("commissioning:stage_move", args=[round_.pk])
    response = as_user(officer_user).post(url, {"to": "induction", "expected_from": "draft"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.stage == Stage.INDUCTION
    event = AuditEvent.objects.for_round(round_).get(action="round.stage_moved")
    assert event.before["stage"] == "draft" and event.after["stage"] == "induction"


def test_guard_lists_exactly_what_is_missing_with_links(officer_user, as_user):
    round_ = make_round(officer_user, rubric=False, aggregation="", tie_break="")
    services.create_rubric(
        round_,
        by=officer_user,
        name="Empty",
        source=None,
        lots=[round_.lots.first()],
        reason="The bids came in before the rubric.",
    )
    response = as_user(officer_user).get(
        reverse("commissioning:stage_move", args=[round_.pk]) + "?to=induction"
    )
    messages = [p.message for p in response.context["problems"]]
    assert "Choose how individual scores roll up (consensus, mean or median)." in messages
    assert "Choose the tie-break rule." in messages
    assert "Lot 2: Lot 2 has no rubric." in messages
    assert "“Empty” has no criteria for the panel to score." in messages
    assert "The weights in “Empty” add up to 0, not 100." in messages
    html = response.content.decode()
    assert reverse("commissioning:weights", args=[round_.pk, round_.rubrics.get().pk]) in html
    response = as_user(officer_user).post(
        reverse("commissioning:stage_move", args=[round_.pk]),
        {"to": "induction", "expected_from": "draft"},
    )
    round_.refresh_from_db()
    assert round_.stage == Stage.DRAFT


def test_missing_descriptor_blocks_leaving_draft(round_, officer_user):
    criterion = Criterion.objects.filter(rubric__round=round_, kind=CriterionKind.SCORED).first()
    services.update_criterion(
        criterion, by=officer_user, descriptors=[(0, "a", "b")], reason="Shorter descriptors."
    )
    problems = [p.message for p in stages.problems_leaving(round_)]
    assert (
        f"“{criterion.title}” needs a description of score 1, 2, 3, 4, 5 in both versions."
        in problems
    )


def test_criterion_form_requires_every_descriptor(round_, officer_user, as_user):
    rubric = round_.rubrics.first()
    url = reverse("commissioning:criterion_create", args=[round_.pk, rubric.pk])
    data = {**_criterion_post(), "reason": "A question we missed."}
    del data["level_3_plain"]
    response = as_user(officer_user).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["level_3_plain"] == [
        "Describe what a score of 3 means in plain English."
    ]
    assert not Criterion.objects.filter(title="Listening to young people").exists()
    response = as_user(officer_user).post(url, {**_criterion_post(), "reason": "Missed."})
    assert response.status_code == 302
    created = Criterion.objects.get(title="Listening to young people")
    assert created.descriptors.count() == 6


def test_widening_the_scale_asks_for_the_new_levels(round_, officer_user, as_user):
    criterion = Criterion.objects.filter(rubric__round=round_, kind=CriterionKind.SCORED).first()
    url = reverse("commissioning:criterion_edit", args=[round_.pk, criterion.pk])
    response = as_user(officer_user).post(url, {**_criterion_post(), "scale_max": "7"})
    errors = response.context["form"].errors
    assert "level_6_formal" in errors and "level_7_plain" in errors
    assert 'name="level_7_plain"' in response.content.decode()


def test_weights_must_add_up_to_100(round_, officer_user, as_user):
    rubric = round_.rubrics.first()
    url = reverse("commissioning:weights", args=[round_.pk, rubric.pk])
    weighted = list(rubric.criteria.exclude(kind=CriterionKind.PASS_FAIL))
    data = {f"weight_{c.pk}": str(c.weight) for c in weighted}
    data["reason"] = "Reach matters more here."  # the round has bids
    data[f"weight_{weighted[0].pk}"] = str(weighted[0].weight - 5)
    response = as_user(officer_user).post(url, data)
    assert "The weights add up to 95. They must add up to exactly 100." in response.content.decode()
    data[f"weight_{weighted[0].pk}"] = "abc"
    response = as_user(officer_user).post(url, data)
    assert response.context["form"].errors[f"weight_{weighted[0].pk}"] == [
        "Enter the weight as a number, like 20."
    ]
    data[f"weight_{weighted[0].pk}"] = str(weighted[0].weight - 5)
    data[f"weight_{weighted[1].pk}"] = str(weighted[1].weight + 5)
    assert as_user(officer_user).post(url, data).status_code == 302
    assert rubric.weighted_total() == 100
    weighted[0].refresh_from_db()
    assert AuditEvent.objects.filter(
        action="criterion.updated", object_id=str(weighted[0].pk)
    ).exists()


def test_rubric_copied_from_an_earlier_round(round_, officer_user, as_user):
    new_round = make_round(officer_user, name="Next year", rubric=False)
    url = reverse("commissioning:rubric_create", args=[new_round.pk])
    source = round_.rubrics.first()
    response = as_user(officer_user).post(
        url,
        {
            "name": "Copied",
            "source": "copy",
            "copy_from": source.pk,
            "lots": [lot.pk for lot in new_round.lots.all()],
            "reason": "Its bids came in before the rubric.",
        },
    )
    assert response.status_code == 302
    copy = new_round.rubrics.get()
    assert [c.title for c in copy.criteria.all()] == [c.title for c in source.criteria.all()]
    assert copy.weighted_total() == 100
    assert stages.problems_leaving(new_round) == []
    event = AuditEvent.objects.for_round(new_round).get(action="rubric.created")
    assert event.before == {"copied_from": {"rubric": source.pk, "round": round_.pk}}


def test_cannot_copy_a_rubric_from_a_round_you_cannot_see(
    round_, other_round, officer_user, as_user
):
    url = reverse("commissioning:rubric_create", args=[round_.pk])
    response = as_user(officer_user).post(
        url, {"name": "Stolen", "source": "copy", "copy_from": other_round.rubrics.first().pk}
    )
    assert "copy_from" in response.context["form"].errors
    assert not round_.rubrics.filter(name="Stolen").exists()


def test_officer_only_criteria_are_marked_as_never_shown_to_panellists(round_):
    price = Criterion.objects.get(rubric__round=round_, title="Price")
    assert price.kind == CriterionKind.OFFICER and not price.panel_visible


def test_moving_back_needs_a_reason(round_, officer_user, as_user):
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    url = reverse("commissioning:stage_move", args=[round_.pk])
    response = as_user(officer_user).post(url, {"to": "draft", "expected_from": "induction"})
    assert "Say why the round must go back a stage." in response.content.decode()
    round_.refresh_from_db()
    assert round_.stage == Stage.INDUCTION
    as_user(officer_user).post(
        url, {"to": "draft", "expected_from": "induction", "reason": "Add a lot"}
    )
    round_.refresh_from_db()
    assert round_.stage == Stage.DRAFT
    assert AuditEvent.objects.for_round(round_).filter(reason="Add a lot").exists()


def test_a_stale_page_cannot_move_the_round_twice(round_, officer_user, as_user):
    url = reverse("commissioning:stage_move", args=[round_.pk])
    client = as_user(officer_user)
    client.post(url, {"to": "induction", "expected_from": "draft"})
    response = client.post(url, {"to": "induction", "expected_from": "draft"})
    assert "Someone else has already moved this round" in response.content.decode()
    assert AuditEvent.objects.for_round(round_).filter(action="round.stage_moved").count() == 1


def test_stages_cannot_be_skipped_and_published_is_final(round_, officer_user):
    with pytest.raises(ValidationError):
        services.move_stage(round_, to=Stage.SCORING, by=officer_user)
    advance(round_, Stage.PUBLISHED, officer_user)
    with pytest.raises(ValidationError):
        services.move_stage(round_, to=Stage.DECIDED, by=officer_user, reason="Oops")
    assert Round.objects.get(pk=round_.pk).stage == Stage.PUBLISHED


def test_money_is_decimal_pounds_and_pence(round_, officer_user):
    lot = services.add_lot(
        round_,
        by=officer_user,
        name="Pennies",
        budget=Decimal("0.10") + Decimal("0.20"),
        reason="A small lot.",
    )
    lot.refresh_from_db()
    assert lot.budget == Decimal("0.30")
