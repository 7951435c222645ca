from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.functional import cached_property

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def weight_text(value) -> str:
    """20, 12.5 (no trailing zeros), for messages and pages."""
    return f"{Decimal(value).normalize():f}"


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft"
    INDUCTION = "induction", "Induction"
    SCORING = "scoring", "Scoring"
    CONSENSUS = "consensus", "Consensus"
    DECIDED = "decided", "Decided"
    PUBLISHED = "published", "Published"


STAGE_ORDER = [s.value for s in Stage]


class Mode(models.TextChoices):
    PROCUREMENT = "procurement", "Procurement (Procurement Act 2023 duties apply)"
    GRANT = "grant", "Grant"


class Aggregation(models.TextChoices):
    CONSENSUS = "consensus", "Moderated consensus: the panel agrees one score per criterion"
    MEAN = "mean", "Mean of the individual scores"
    MEDIAN = "median", "Median of the individual scores"


class TieBreak(models.TextChoices):
    QUALITY = "quality", "Higher score on the highest-weighted criterion wins"
    PRICE = "price", "Lower price wins"
    PANEL = "panel", "The panel decides and records why"


class SetupState(models.TextChoices):
    """How far the published method (round, lots, rubric) can still be changed."""

    OPEN = "open", "Open"
    OVERRIDE = "override", "Changes need a reason"
    FROZEN = "frozen", "Frozen"


class Round(models.Model):
    name = models.CharField(max_length=200)
    purpose = models.TextField(
        "purpose in plain words",
        help_text="What the money is for and what the panel decides, in words a 14-year-old "
        "would understand.",
    )
    total_budget = models.DecimalField("total budget (£)", **MONEY)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.PROCUREMENT)
    aggregation = models.CharField(
        "how individual scores roll up", max_length=20, choices=Aggregation.choices, blank=True
    )
    tie_break = models.CharField(
        "tie-break rule", max_length=20, choices=TieBreak.choices, blank=True
    )
    blind_review = models.BooleanField(
        "blind review",
        default=True,
        help_text="Panellists see bids by a name like “Bid C”, never the organisation's name.",
    )
    reference_prefix = models.CharField(
        max_length=12, blank=True, help_text="Starts each bid reference, for example YS27."
    )
    divergence_percent = models.PositiveSmallIntegerField(
        "disagreement threshold (% of the scale)",
        default=40,
        validators=[MinValueValidator(10), MaxValueValidator(100)],
        help_text="At consensus, a question goes to the top of the agenda when the panel's scores "
        "spread this far apart: 40% is 2 points on a 0 to 5 scale.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    method_changed_after_bids = models.BooleanField(default=False)
    # Set when the round first enters scoring: from then on the method is frozen for good, even if
    # the round steps back to induction.
    scoring_started_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rounds_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    audit_round_lookup = "pk__in"

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("manage_round", "Run this round as a procurement officer"),
            ("audit_round", "Read this round and its decision trail as an auditor"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commissioning:round", args=[self.pk])

    @property
    def setup_state(self) -> str:
        """OPEN in draft until the first bid arrives; OVERRIDE (a change needs a reason and flags
        the round "method changed after bids were received") once bidders have answered the
        published method, in draft or induction; FROZEN once scoring has started."""
        if self.scoring_started_at is not None:
            return SetupState.FROZEN
        if self.stage == Stage.DRAFT:
            return SetupState.OVERRIDE if self.bids_received else SetupState.OPEN
        if self.stage == Stage.INDUCTION:
            return SetupState.OVERRIDE
        return SetupState.FROZEN

    @cached_property
    def bids_received(self) -> bool:
        """Whether any of the round's lots has a bid (of any status): one EXISTS query, kept on
        the instance. Asked through the lots' reverse relation, so commissioning never imports
        bids (an app above it)."""
        if self.pk is None:
            return False
        return self.lots.filter(bids__isnull=False).exists()

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("bids_received", None)
        super().refresh_from_db(*args, **kwargs)

    def divergence_points(self, scale_max: int) -> Decimal:
        """The spread of scores (max - min) that flags an item for discussion."""
        return Decimal(self.divergence_percent) * scale_max / 100

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def allocated_budget(self, exclude_lot=None) -> Decimal:
        lots = self.lots.all()
        if exclude_lot is not None and exclude_lot.pk:
            lots = lots.exclude(pk=exclude_lot.pk)
        return lots.aggregate(total=Sum("budget"))["total"] or Decimal("0")


class Rubric(models.Model):
    """The published method for one or more lots: its criteria, weights and descriptors."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="rubrics")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commissioning:rubric", args=[self.round_id, self.pk])

    def weighted_total(self) -> Decimal:
        """Sum of weights of the criteria that count towards the total (panel and officer)."""
        return sum(
            (c.weight for c in self.criteria.all() if c.kind != CriterionKind.PASS_FAIL),
            Decimal("0"),
        )


class Lot(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    budget = models.DecimalField("budget (£)", **MONEY)
    rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lots",
        help_text="The scoring method for this lot. Several lots can share one rubric.",
    )

    class Meta:
        ordering = ["round_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="lot_number_unique_in_round")
        ]

    def __str__(self):
        return f"Lot {self.number}: {self.name}"


class CriterionKind(models.TextChoices):
    SCORED = "scored", "Scored by the panel"
    PASS_FAIL = "pass_fail", "Pass or fail"
    OFFICER = "officer", "Officer only (for example price): panellists never see it"


class OfficerMethod(models.TextChoices):
    MANUAL = "manual", "Scored by an officer on the scale"
    PRICE_FORMULA = "price_formula", "Lowest price ÷ this price × weight"


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        max_length=20, choices=CriterionKind.choices, default=CriterionKind.SCORED
    )
    title = models.CharField(max_length=120)
    question_formal = models.TextField("question as published to bidders")
    question_plain = models.TextField("question in plain English for panellists")
    guidance = models.TextField("guidance for panellists", blank=True)
    weight = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    scale_max = models.PositiveSmallIntegerField(
        "highest score", default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    minimum_score = models.PositiveSmallIntegerField(
        "minimum acceptable score",
        null=True,
        blank=True,
        help_text="A bid scoring below this fails, whatever its total.",
    )
    officer_method = models.CharField(
        max_length=20, choices=OfficerMethod.choices, blank=True, default=""
    )

    audit_round_lookup = "rubric__round_id__in"

    class Meta:
        ordering = ["rubric_id", "order", "pk"]
        verbose_name_plural = "criteria"

    def __str__(self):
        return self.title

    @property
    def needs_descriptors(self) -> bool:
        if self.kind == CriterionKind.SCORED:
            return True
        return self.kind == CriterionKind.OFFICER and self.officer_method == OfficerMethod.MANUAL

    @property
    def levels(self) -> range:
        return range(0, self.scale_max + 1)

    @property
    def panel_visible(self) -> bool:
        return self.kind != CriterionKind.OFFICER


class Descriptor(models.Model):
    """What one score level means, in the formal and the plain register."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    score = models.PositiveSmallIntegerField()
    text_formal = models.TextField("published meaning")
    text_plain = models.TextField("plain-English meaning")

    class Meta:
        ordering = ["criterion_id", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="descriptor_level_unique")
        ]

    def __str__(self):
        return f"{self.score}: {self.text_plain}"
