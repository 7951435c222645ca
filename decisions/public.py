"""The public record of a published round: what anyone may know, and nothing more.

A round is public only once it is published (it has a Publication and its stage is published);
any other round is unknown here (404), so the public pages never reveal that it exists.

What is public (DESIGN.md: auditors prove who decided what; bidders and panellists keep their
privacy):
- per lot: its budget, how many bids came in, how many were eligible, the funded organisations
  with their bid's title, rank, total and amount; unsuccessful bids only as counts, never named;
- the panel: how many young and professional panellists scored, their training hours and the
  induction modules completed, never a name;
- the method: criteria and weights per lot, the roll-up and tie-break rules;
- the trail's head as it was published, with its signature, as a checkpoint line.

Every figure is read in a fixed number of queries whatever the round's size (tests pin it).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.http import Http404

from audit.checkpoints import Checkpoint
from audit.keys import public_keys
from bids.models import Bid, BidStatus
from commissioning.models import Round, Stage
from decisions import common_views
from decisions.models import Decision, Publication
from decisions.results import round_results
from panels.models import Member, MemberStatus, Role, TimeEntry, TimeKind
from scoring.models import ScoreSheet, SheetStatus
from training.models import Module, ModuleResult

PANELLIST_ROLES = (Role.YOUNG, Role.PROFESSIONAL)


def published_rounds():
    """Published rounds, newest publication first, each with its publication (one query)."""
    return (
        Publication.objects.filter(round__stage=Stage.PUBLISHED)
        .select_related("round")
        .order_by("-published_at", "-pk")
    )


def published(pk) -> Publication:
    """The publication of round `pk`, with its round; 404 for a round that is not published (or
    does not exist), so nobody learns of a round before it is public."""
    publication = published_rounds().filter(round_id=pk).first()
    if publication is None:
        raise Http404("No published round")
    return publication


def checkpoint(publication: Publication) -> Checkpoint:
    """The published head in the checkpoint format of audit/checkpoints.py: the line
    `manage.py verify_audit --checkpoint FILE` reads."""
    return Checkpoint(
        chain=publication.chain,
        seq=publication.trail_seq,
        hash=publication.trail_hash,
        at=publication.signed_at,
        key=publication.signing_key,
        signature=publication.signature,
    )


@dataclass
class Funded:
    reference: str
    organisation: str
    title: str
    summary: str
    amount: Decimal
    amount_requested: Decimal
    rank: int | None
    total: Decimal
    decided_at: object  # datetime of the award


@dataclass
class PublicLot:
    lot: object  # commissioning.models.Lot
    received: int = 0
    ineligible: int = 0  # non-compliant, withdrawn, failed a check or a minimum score
    reserve: int = 0
    not_funded: int = 0  # eligible, not funded and not on the reserve list
    funded: list[Funded] = field(default_factory=list)

    @property
    def eligible(self) -> int:
        return self.received - self.ineligible

    @property
    def awarded_total(self) -> Decimal:
        return sum((f.amount for f in self.funded), Decimal("0"))

    @property
    def unsuccessful(self) -> int:
        return self.received - len(self.funded)


def lots(round_: Round, lot_results) -> list[PublicLot]:
    """Each lot's public summary. Names and titles are read only for funded bids (one query)."""
    funded_rows = {
        row["pk"]: row
        for row in Bid.objects.filter(lot__round=round_, award__decision=Decision.AWARDED).values(
            "pk", "organisation", "title", "summary"
        )
    }
    out = []
    for lr in lot_results:
        part = PublicLot(lot=lr.lot, received=len(lr.bids))
        for r in lr.bids:
            decision = r.award.decision if r.award else None
            if decision == Decision.AWARDED and r.bid.pk in funded_rows:
                row = funded_rows[r.bid.pk]
                part.funded.append(
                    Funded(
                        reference=r.bid.reference,
                        organisation=row["organisation"],
                        title=row["title"],
                        summary=row["summary"],
                        amount=r.award.amount,
                        amount_requested=r.bid.price,
                        rank=r.rank,
                        total=r.total_shown,
                        decided_at=r.award.decided_at,
                    )
                )
            elif not r.eligible or r.bid.status != BidStatus.RECEIVED:
                part.ineligible += 1
            elif decision == Decision.RESERVE:
                part.reserve += 1
            else:
                part.not_funded += 1
        part.funded.sort(key=lambda f: (f.rank is None, f.rank or 0, f.reference))
        out.append(part)
    return out


@dataclass
class PanelFacts:
    young: int
    professional: int
    training_hours_young: Decimal
    training_hours_professional: Decimal
    training_hours_other: Decimal  # chairs and observers
    modules: int
    modules_completed: int

    @property
    def training_hours(self) -> Decimal:
        return (
            self.training_hours_young + self.training_hours_professional + self.training_hours_other
        )


def panel_facts(round_: Round) -> PanelFacts:
    """Counts and sums only (four queries): panellists who scored (active young and professional
    members with at least one submitted sheet, each person counted once), hours of training
    recorded for the round's panels, and the induction modules panellists passed."""
    scored = ScoreSheet.objects.filter(
        assignment__member=OuterRef("pk"), status=SheetStatus.SUBMITTED
    )
    counts = dict(
        Member.objects.filter(
            panel__round=round_, status=MemberStatus.ACTIVE, role__in=PANELLIST_ROLES
        )
        .filter(Exists(scored))
        .values("role")
        .order_by()
        .annotate(n=Count("user_id", distinct=True))
        .values_list("role", "n")
    )
    hours = dict(
        TimeEntry.objects.filter(member__panel__round=round_, kind=TimeKind.TRAINING)
        .values("member__role")
        .order_by()
        .annotate(total=Sum("hours"))
        .values_list("member__role", "total")
    )
    zero = Decimal("0")
    other = sum((h for role, h in hours.items() if role not in PANELLIST_ROLES), zero)
    completed = ModuleResult.objects.filter(
        member__panel__round=round_,
        member__role__in=PANELLIST_ROLES,
        module__round=round_,
        passed_at__isnull=False,
    ).count()
    return PanelFacts(
        young=counts.get(Role.YOUNG, 0),
        professional=counts.get(Role.PROFESSIONAL, 0),
        training_hours_young=hours.get(Role.YOUNG) or zero,
        training_hours_professional=hours.get(Role.PROFESSIONAL) or zero,
        training_hours_other=other,
        modules=Module.objects.filter(round=round_).count(),
        modules_completed=completed,
    )


@dataclass
class PublicRecord:
    round: Round
    publication: Publication
    lots: list[PublicLot]
    panel: PanelFacts
    method: dict
    checkpoint: Checkpoint

    @property
    def public_key(self) -> str:
        """The public key (hex) the publication was signed with, to check it by; "" if this
        server no longer lists it."""
        raw = public_keys().get(self.checkpoint.key)
        return raw.hex() if raw else ""

    @property
    def awarded_total(self) -> Decimal:
        return sum((part.awarded_total for part in self.lots), Decimal("0"))

    @property
    def funded_count(self) -> int:
        return sum(len(part.funded) for part in self.lots)


def record(pk) -> PublicRecord:
    """Everything the public page and the open data show about round `pk` (404 unless published)."""
    publication = published(pk)
    round_ = publication.round
    lot_results = round_results(round_)
    return PublicRecord(
        round=round_,
        publication=publication,
        lots=lots(round_, lot_results),
        panel=panel_facts(round_),
        method=common_views.method(round_, lot_results),
        checkpoint=checkpoint(publication),
    )
