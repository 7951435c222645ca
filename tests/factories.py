"""Builders for tests. Rounds are built through the services, so their decision trail is real."""

from datetime import date
from decimal import Decimal

import factory

from accounts.models import User
from commissioning import services, stages
from commissioning.models import Aggregation, TieBreak


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("test-password")


def officer(**kwargs) -> User:
    user = UserFactory(**kwargs)
    services.make_officer(user)
    return User.objects.get(pk=user.pk)  # fresh permission cache


def make_bid(lot, by: User, **overrides):
    from bids import services as bid_services

    fields = {
        "organisation": "Riverside Youth Trust",
        "title": "Open evenings",
        "summary": "Two evenings a week for young people.",
        "amount_requested": Decimal("50000.00"),
        **overrides,
    }
    return bid_services.add_bid(lot, by=by, **fields)


def make_round(by: User, *, lots=2, rubric=True, bids=1, panel=True, **overrides):
    """A draft round ready to leave draft: lots with budgets, the starter rubric for all lots,
    `bids` compliant bids in each lot, and a panel for every lot with a chair."""
    fields = {
        "name": "Youth services 2027",
        "purpose": "Money for projects that young people choose.",
        "total_budget": Decimal("1000000.00"),
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 3, 31),
        "aggregation": Aggregation.CONSENSUS,
        "tie_break": TieBreak.PANEL,
        **overrides,
    }
    round_ = services.create_round(by=by, **fields)
    made = [
        services.add_lot(
            round_, by=by, name=f"Lot {n}", description="", budget=Decimal("100000.00")
        )
        for n in range(1, lots + 1)
    ]
    if rubric:
        services.create_rubric(round_, by=by, name="Rubric", source="starter", lots=made)
    for lot in made:
        for n in range(bids):
            make_bid(lot, by, organisation=f"Organisation {lot.number}-{n + 1}")
    if panel:
        make_panel(round_, by)
    round_.refresh_from_db()
    return round_


def make_panel(round_, by: User, *, chair: User | None = None, lot=None, name="Youth panel"):
    """A panel for the round (or one lot), chaired by `chair` (a new person if not given)."""
    from panels import services as panel_services
    from panels.models import Role

    panel = panel_services.create_panel(round_, by=by, name=name, lot=lot)
    chair = chair or UserFactory(email=f"chair{round_.pk}-{panel.pk}@example.org")
    panel_services.add_member(panel, chair, by=by, role=Role.MODERATOR)
    return panel


def join(panel, user: User, role: str, by: User, **profile):
    """Puts `user` on `panel` in `role` (young, professional, observer), with an optional profile."""
    from panels import services as panel_services

    member = panel_services.add_member(panel, user, by=by, role=role)
    if profile:
        member = panel_services.update_profile(member, by=by, **profile)
    return member


def declare_clear(member, by: User | None = None, *, only_missing: bool = False):
    """The member declares no interest in any organisation bidding in their lots (with
    `only_missing`, only in those they have not declared about yet)."""
    from panels import services as panel_services
    from panels.models import CONFLICT_QUESTIONS, ConflictDeclaration

    declared = set(
        ConflictDeclaration.objects.filter(member=member, current=True).values_list(
            "bid_id", flat=True
        )
    )
    for lot in member.panel.lots():
        for bids in panel_services.organisations(lot).values():
            if only_missing and bids[0].pk in declared:
                continue
            panel_services.declare(
                member,
                bids[0],
                by=by or member.user,
                answers=dict.fromkeys(CONFLICT_QUESTIONS, "no"),
            )


def advance(round_, to: str, by: User):
    """Moves the round forward stage by stage to `to`, first making true what each stage's guard
    asks for (so tests about later stages need not repeat the whole journey)."""
    from commissioning.models import STAGE_ORDER, Round, Stage
    from panels.models import Member

    round_ = Round.objects.get(pk=round_.pk)
    while STAGE_ORDER.index(round_.stage) < STAGE_ORDER.index(to):
        if round_.stage == Stage.INDUCTION:
            for member in Member.objects.for_round(round_).active():
                if not member.declarations.filter(current=True).exists():
                    declare_clear(member)
        if round_.stage == Stage.CONSENSUS:
            from decisions.demo import decide_everything

            agree_everything(round_)
            decide_everything(round_, by)
        if round_.stage == Stage.DECIDED:
            from decisions.demo_publication import sign_everything

            sign_everything(round_, by)
        following = STAGE_ORDER[STAGE_ORDER.index(round_.stage) + 1]
        problems = stages.problems_leaving(round_)
        reason = "Moved on by the test set-up." if stages.can_override(problems) else ""
        round_ = services.move_stage(round_, to=following, by=by, reason=reason)
    return round_


def assign_everyone(round_, by: User):
    """Applies the default plan in every lot: each eligible panellist scores each bid."""
    from panels import services as panel_services

    for lot in round_.lots.all():
        plan, _ = panel_services.propose_assignments(lot)
        panel_services.apply_assignments(
            lot, by=by, scorers_per_bid=None, fingerprint=panel_services.plan_fingerprint(plan)
        )


def entries_for(sheet, score=3, reason="They run three sessions a week led by young people."):
    """A complete set of entries for a sheet: `score` and `reason` for each criterion on it."""
    from scoring.services import Entry, criteria_for

    return {c.pk: Entry(score=score, reason=reason) for c in criteria_for(sheet.assignment.bid)}


def agree_everything(round_):
    """The chair of each lot records an agreed score (the median of the submitted ones, or 3) for
    every item, everyone clear of the bid present, and each present member confirms."""
    from statistics import median_low

    from scoring import consensus
    from scoring import consensus_policy as policy
    from scoring.models import CriterionScore, SheetStatus

    for lot in round_.lots.all():
        state = consensus.lot_record(lot)
        clear = policy.clear_pairs(lot)
        members = list(policy.lot_members(lot))
        for item in state.missing:
            chair = next(
                (m for m in members if policy.chairing_member(m.user, item.bid) is not None), None
            )
            if chair is None:
                continue  # the test has left this bid without a chair: the guard will say so
            scores = list(
                CriterionScore.objects.filter(
                    sheet__assignment__bid=item.bid,
                    criterion=item.criterion,
                    sheet__status=SheetStatus.SUBMITTED,
                ).values_list("score", flat=True)
            )
            consensus.save_record(
                item.bid,
                item.criterion,
                by=chair.user,
                version=0,
                entry=consensus.Entry(
                    score=median_low(scores) if scores else 3,
                    rationale="The bid describes weekly sessions planned with young people.",
                    reached="unanimous",
                    present=[m.pk for m in members if (m.pk, item.bid.pk) in clear],
                ),
            )
        state = consensus.lot_record(lot)
        for member in state.waiting_for:
            consensus.confirm(lot, member, by=member.user, agrees=True)


def finish_training(member):
    """Passes the round's modules and scores its practice bid, through the training services."""
    from training import services
    from training.models import Module, PracticeBid

    for module in Module.objects.filter(round_id=member.panel.round_id):
        answers = {
            q.pk: next(c.pk for c in q.choices.all() if c.correct)
            for q in module.questions.prefetch_related("choices")
        }
        services.answer_module(member, module, answers, by=member.user)
    practice = PracticeBid.objects.filter(round_id=member.panel.round_id).first()
    if practice is not None:
        scores = {i.criterion_id: (3, "Sound.") for i in practice.items.all()}
        services.submit_practice(member, by=member.user, scores=scores)


def submit_sheet(
    member, bid, scores=3, reason="They run three sessions a week led by young people."
):
    """Opens, fills and submits `member`'s sheet for `bid`. `scores` is one score for every
    criterion, or a dict criterion pk -> score."""
    from scoring import services
    from scoring.services import Entry

    sheet = services.open_sheet(member, bid, by=member.user)
    entries = entries_for(sheet, reason=reason)
    if isinstance(scores, dict):
        for pk, score in scores.items():
            if pk in entries:
                entries[pk] = Entry(score=score, reason=reason)
    else:
        entries = entries_for(sheet, score=scores, reason=reason)
    sheet = services.save_draft(sheet, by=member.user, entries=entries, version=sheet.version)
    return services.submit(sheet, by=member.user, version=sheet.version)


def to_scoring(round_, by: User):
    """Everyone on the panel declared clear, every panellist trained and assigned every bid, and
    the round in scoring. Idempotent."""
    from commissioning.models import Round, Stage
    from panels.models import Member

    round_ = Round.objects.get(pk=round_.pk)
    if round_.stage in (Stage.DRAFT, Stage.INDUCTION):
        for member in Member.objects.for_round(round_).active():
            declare_clear(member, only_missing=True)
        for member in Member.objects.for_round(round_).scoring():
            finish_training(member)
        assign_everyone(round_, by)
        round_ = advance(round_, Stage.SCORING, by)
    return round_


def to_consensus(round_, by: User, score_for=None):
    """`to_scoring`, then every panellist submits every sheet (with `score_for(member, bid)`
    giving the scores, 3 throughout by default), then the round moves to consensus."""
    from commissioning.models import Stage
    from panels import access
    from panels.models import Member

    round_ = to_scoring(round_, by)
    for member in Member.objects.for_round(round_).scoring():
        for bid in access.bids_for(member):
            submit_sheet(member, bid, score_for(member, bid) if score_for else 3)
    return advance(round_, Stage.CONSENSUS, by)
