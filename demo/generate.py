"""A large, complete round made deterministically from a seed, for benchmarks and load tests
(`manage.py generate_round`).

The few objects that shape the round (the officer, lots, rubric, panel, members, stage moves,
confirmations, checks and awards) go through the services, so their events are the real ones. The
many (declarations, assignments and bid access, score sheets with their scores, agreed scores) are
written with bulk inserts, and their events with audit.bulk.append_events, each in the shape the
service would have recorded and the last event about each object carrying its snapshot, so
`verify_audit` replays the round clean. Sheets are reopened and resubmitted `revisions` times
(the chair sending them back with a reason), which brings the trail to about 100,000 events at the
default size.
"""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from guardian.models import UserObjectPermission

from accounts.models import User
from audit.snapshots import snapshot_of
from commissioning import services as round_services
from commissioning import stages
from commissioning.models import Aggregation, Criterion, CriterionKind, Round, Stage, TieBreak
from demo.generate_consensus import Agreeing
from panels.models import CONFLICT_QUESTIONS, Assignment, ConflictDeclaration, Outcome, Role

PASSWORD = "generated-round-password"  # noqa: S105 - every generated person's, for load tests
REASONS = [
    "They run three sessions a week led by young people, with a youth forum that sets the plan.",
    "The budget is clear, but the bid says little about how they will reach young carers.",
    "Good evidence from last year's survey; the outcomes are specific and they will check them.",
    "The staff are trained in safeguarding and the venue is open late on Fridays.",
    "Strong partnership with the college, though the travel costs look high for what is offered.",
]


@dataclass(frozen=True)
class Size:
    bids: int = 300  # across all lots
    panellists: int = 15  # scoring members, besides the chair
    criteria: int = 10  # in the rubric: panel-scored, one pass/fail check and the price
    lots: int = 3
    revisions: int = 7  # times each sheet is reopened and submitted again
    until: str = "decided"  # or "scoring": stops while scoring, some sheets still to come


def generate(seed: int, size: Size = Size()) -> Round:
    with transaction.atomic():
        return _Generator(seed, size).run()


class _Generator(Agreeing):
    def __init__(self, seed: int, size: Size):
        self.seed, self.size = seed, size
        self.rng = random.Random(seed)
        self.tag = f"gen{seed}"

    def run(self) -> Round:
        from audit.bulk import append_events

        self.append = append_events
        self.people()
        self.round = self.set_up()
        self.move(Stage.INDUCTION)
        self.declare_and_assign()
        self.move(Stage.SCORING)
        self.score()
        if self.size.until == Stage.SCORING:
            return self.round
        self.move(Stage.CONSENSUS)
        self.agree()
        from decisions.demo import decide_everything

        decide_everything(self.round, self.officer)
        return self.move(Stage.DECIDED)

    # -- people and the round's shape, through the services ------------------------------------
    def people(self):
        if User.objects.filter(email=f"officer-{self.tag}@generated.example").exists():
            raise ValueError(f"A round from seed {self.seed} is already in this database.")
        password = make_password(PASSWORD, salt=f"{self.tag}salt")
        self.officer = User.objects.create(
            email=f"officer-{self.tag}@generated.example",
            display_name=f"Officer {self.seed}",
            password=password,
        )
        round_services.make_officer(self.officer)
        self.officer = User.objects.get(pk=self.officer.pk)
        self.chair_user = User.objects.create(
            email=f"chair-{self.tag}@generated.example",
            display_name=f"Chair {self.seed}",
            password=password,
        )
        first = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hassan", "Isla", "Jay"]
        last = ["Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Reid", "Shaw"]
        self.panellist_users = [
            User.objects.create(
                email=f"panellist{n + 1}-{self.tag}@generated.example",
                display_name=f"{self.rng.choice(first)} {self.rng.choice(last)} {n + 1}",
                password=password,
            )
            for n in range(self.size.panellists)
        ]

    def set_up(self) -> Round:
        by = self.officer
        budget = Decimal(self.rng.randrange(200, 600) * 1000)
        round_ = round_services.create_round(
            by=by,
            name=f"Generated round {self.seed}",
            purpose="A round made by manage.py generate_round for benchmarks.",
            total_budget=budget * self.size.lots,
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31),
            aggregation=Aggregation.CONSENSUS,
            tie_break=TieBreak.PANEL,
            reference_prefix=f"G{self.seed}",
        )
        lots = [
            round_services.add_lot(
                round_, by=by, name=f"Lot {n}", description="Youth services.", budget=budget
            )
            for n in range(1, self.size.lots + 1)
        ]
        rubric = round_services.create_rubric(
            round_, by=by, name="Rubric", source="starter", lots=lots
        )
        self.shape_rubric(rubric)
        from bids import services as bid_services

        for n in range(self.size.bids):
            lot = lots[n % len(lots)]
            bid_services.add_bid(
                lot,
                by=by,
                organisation=f"Organisation {n + 1}",
                title=f"Project {n + 1}",
                summary="Sessions for young people, planned with them.",
                amount_requested=Decimal(self.rng.randrange(10, 80) * 1000),
            )
        from panels import services as panel_services

        panel = panel_services.create_panel(round_, by=by, name="Youth panel")
        self.chair = panel_services.add_member(panel, self.chair_user, by=by, role=Role.MODERATOR)
        self.members = [
            panel_services.add_member(
                panel, user, by=by, role=Role.YOUNG if n % 2 == 0 else Role.PROFESSIONAL
            )
            for n, user in enumerate(self.panellist_users)
        ]
        return Round.objects.get(pk=round_.pk)

    def shape_rubric(self, rubric):
        """The starter rubric (scored questions, pass/fail checks, the price) grown or cut to
        `criteria`: one check, the price, and the rest scored by the panel."""
        by = self.officer
        criteria = list(rubric.criteria.order_by("order"))
        scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
        checks = [c for c in criteria if c.kind == CriterionKind.PASS_FAIL]
        for extra in checks[1:]:
            round_services.remove_criterion(extra, by=by)
        want = max(1, self.size.criteria - 2)
        for extra in scored[want:]:
            round_services.remove_criterion(extra, by=by)
        template = scored[0]
        descriptors = [(d.score, d.text_formal, d.text_plain) for d in template.descriptors.all()]
        for n in range(len(scored), want):
            round_services.add_criterion(
                rubric,
                by=by,
                descriptors=descriptors,
                kind=CriterionKind.SCORED,
                title=f"Question {n + 1}",
                question_formal=f"Describe part {n + 1} of your approach.",
                question_plain=f"What does the bid say about part {n + 1}?",
                guidance=template.guidance,
                weight=Decimal("0"),
                scale_max=template.scale_max,
            )
        weighted = list(rubric.criteria.exclude(kind=CriterionKind.PASS_FAIL).order_by("order"))
        each = Decimal(100 // len(weighted))
        weights = {c.pk: each for c in weighted}
        weights[weighted[0].pk] += 100 - each * len(weighted)
        round_services.set_weights(rubric, by=by, weights=weights)

    def move(self, to: str) -> Round:
        problems = stages.problems_leaving(self.round)
        if problems and not stages.can_override(problems):
            raise RuntimeError(f"Cannot leave {self.round.stage}: {problems[0].message}")
        reason = "Generated round." if problems else ""
        self.round = round_services.move_stage(self.round, to=to, by=self.officer, reason=reason)
        return self.round

    # -- the many, in bulk ----------------------------------------------------------------------
    def declare_and_assign(self):
        from bids.models import Bid
        from panels.access import VIEW_BID

        self.bids = list(Bid.objects.for_round(self.round).order_by("lot__number", "number"))
        everyone = [self.chair, *self.members]
        answers = dict.fromkeys(CONFLICT_QUESTIONS, "no")
        declarations = ConflictDeclaration.objects.bulk_create(
            (
                ConflictDeclaration(member=m, bid=b, outcome=Outcome.CLEAR, **answers)
                for m in everyone
                for b in self.bids
            ),
            batch_size=2000,
        )
        self.append(
            self.round,
            (
                {
                    "action": "conflict.declared",
                    "object_type": "panels.conflictdeclaration",
                    "object_id": str(d.pk),
                    "actor": d.member.user,
                    "after": snapshot_of(d),
                }
                for d in declarations
            ),
        )
        assignments = Assignment.objects.bulk_create(
            (
                Assignment(member=m, bid=b, assigned_by=self.officer)
                for b in self.bids
                for m in self.members
            ),
            batch_size=2000,
        )
        self.append(self.round, self._assignment_events(assignments))
        permission = _permission(VIEW_BID)
        bid_type = ContentType.objects.get_for_model(Bid)
        UserObjectPermission.objects.bulk_create(
            (
                UserObjectPermission(
                    user_id=a.member.user_id,
                    permission=permission,
                    content_type=bid_type,
                    object_pk=str(a.bid_id),
                )
                for a in assignments
            ),
            batch_size=2000,
        )
        self.assignments = assignments

    def _assignment_events(self, assignments):
        from panels.access import VIEW_BID

        for a in assignments:
            yield {
                "action": "assignment.added",
                "object_type": "panels.assignment",
                "object_id": str(a.pk),
                "actor": self.officer,
                "after": snapshot_of(a),
            }
            yield {
                "action": "access.bid_granted",
                "object_type": "access.bid_permission",
                "object_id": f"{a.bid_id}:{a.member_id}",
                "actor": self.officer,
                "after": {
                    "person": a.member.user.actor_ref,
                    "bid": a.bid_id,
                    "permission": VIEW_BID,
                },
            }

    def score(self):
        from scoring.models import CriterionScore, ScoreSheet, SheetStatus

        criteria = {
            lot_id: list(
                Criterion.objects.filter(rubric__lots=lot_id, kind=CriterionKind.SCORED).order_by(
                    "order"
                )
            )
            for lot_id in {b.lot_id for b in self.bids}
        }
        self.criteria = criteria
        # Each bid has a true quality per question; panellists scatter a point either side.
        self.truth = {b.pk: [self.rng.randint(1, 5) for _ in criteria[b.lot_id]] for b in self.bids}
        now = timezone.now()
        version = 2 + 2 * self.size.revisions
        reopened = "Please add a reason to each score." if self.size.revisions else ""
        self.drafts = set()
        if self.size.until == Stage.SCORING:
            # Scoring still open: the first panellist is a third of the way through.
            first = self.members[0].pk
            self.drafts = {
                a.pk for a in self.assignments if a.member_id == first and a.bid.number % 3
            }
        sheets = ScoreSheet.objects.bulk_create(
            (
                ScoreSheet(
                    assignment=a,
                    status=SheetStatus.DRAFT if a.pk in self.drafts else SheetStatus.SUBMITTED,
                    version=version,
                    submitted_at=None if a.pk in self.drafts else now,
                    reopened_reason="" if a.pk in self.drafts else reopened,
                )
                for a in self.assignments
            ),
            batch_size=2000,
        )
        scores, data, self.values = [], {}, {}
        for sheet, a in zip(sheets, self.assignments, strict=True):
            given = {}
            for criterion, true in zip(criteria[a.bid.lot_id], self.truth[a.bid_id], strict=True):
                value = min(criterion.scale_max, max(0, true + self.rng.randint(-1, 1)))
                reason = self.rng.choice(REASONS)
                scores.append(
                    CriterionScore(sheet=sheet, criterion=criterion, score=value, reason=reason)
                )
                given[str(criterion.pk)] = {"score": value, "passed": None, "reason": reason}
            data[sheet.pk] = given
            self.values[sheet.pk] = [g["score"] for g in given.values()]
        CriterionScore.objects.bulk_create(scores, batch_size=5000)
        self.sheets = list(zip(sheets, self.assignments, strict=True))
        self.append(self.round, self._sheet_events(data))

    def _sheet_events(self, data):
        """Started, then (submitted, reopened by the chair) `revisions` times, then submitted:
        the last event about each sheet is its snapshot as it stands."""
        from scoring.models import SheetStatus

        for sheet, a in self.sheets:
            draft = {"status": SheetStatus.DRAFT, "member": a.member_id, "bid": a.bid_id}
            submitted = {**draft, "status": SheetStatus.SUBMITTED, "scores": data[sheet.pk]}
            draft["scores"] = None
            common = {"object_type": "scoring.scoresheet", "object_id": str(sheet.pk)}
            yield {**common, "action": "sheet.started", "actor": a.member.user, "after": draft}
            if a.pk in self.drafts:
                continue  # saved as a draft: no event until it is submitted
            for _ in range(self.size.revisions):
                yield {
                    **common,
                    "action": "sheet.submitted",
                    "actor": a.member.user,
                    "after": submitted,
                }
                yield {
                    **common,
                    "action": "sheet.reopened",
                    "actor": self.chair_user,
                    "before": submitted,
                    "after": draft,
                    "reason": sheet.reopened_reason,
                }
            yield {
                **common,
                "action": "sheet.submitted",
                "actor": a.member.user,
                "after": submitted,
            }

    def _scores_of(self, sheet):
        return self.values[sheet.pk]


def _permission(codename_with_app: str):
    from django.contrib.auth.models import Permission

    app_label, codename = codename_with_app.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)
