"""Panels: who sits on a round's panel, how they were invited, what they consented to, their
conflicts of interest, which bids they score, and the time they gave.

Only what is needed is kept about a person (DESIGN.md section 4): a display name, an age band,
support needs and consents. Rules about these facts live in panels/services/;
the words they are chosen from (roles, statuses, answers) in panels/choices.py.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from bids.models import Bid
from commissioning.models import MONEY, Lot, Round
from panels.choices import (  # noqa: F401 - the choices are part of the models' vocabulary
    CONFLICT_QUESTIONS,
    DEFAULT_DECIDES,
    DEFAULT_DOES_NOT_DECIDE,
    SCORING_ROLES,
    AgeBand,
    Answer,
    ConsentKind,
    MemberStatus,
    Outcome,
    RecognitionChoice,
    Role,
    SupportNeed,
    TimeKind,
    role_in_brackets,
)


class Panel(models.Model):
    """The people who score a round's bids: one for the whole round, or one per lot."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="panels")
    lot = models.OneToOneField(
        Lot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panel",
        help_text="Leave empty for one panel that scores every lot.",
    )
    name = models.CharField(max_length=120)
    decides = models.TextField("what the panel decides", default=DEFAULT_DECIDES)
    does_not_decide = models.TextField(
        "what the panel does not decide", default=DEFAULT_DOES_NOT_DECIDE
    )
    scorers_per_bid = models.PositiveSmallIntegerField(
        "scorers per bid",
        null=True,
        blank=True,
        help_text="Empty: every member who can score reads every bid.",
    )

    class Meta:
        ordering = ["round", "lot__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(lot=None), name="one_whole_round_panel"
            )
        ]

    def __str__(self):
        return self.name

    def lots(self):
        """The lots this panel scores."""
        if self.lot_id:
            return Lot.objects.filter(pk=self.lot_id)
        return self.round.lots.exclude(panel__isnull=False)


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MemberStatus.ACTIVE)

    def scoring(self):
        return self.active().filter(role__in=SCORING_ROLES)

    def for_round(self, round_):
        return self.filter(panel__round=round_)

    def for_lot(self, lot):
        """Members of the panel that scores `lot`."""
        lot_has_own_panel = models.Exists(Panel.objects.filter(lot=lot))
        return self.filter(
            models.Q(panel__lot=lot)
            | (models.Q(panel__round_id=lot.round_id, panel__lot=None) & ~lot_has_own_panel)
        )


class Member(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    support_needs = models.JSONField(default=list, blank=True)
    support_other = models.CharField("anything else that would help", max_length=300, blank=True)
    recognition = models.CharField(
        max_length=20, choices=RecognitionChoice.choices, blank=True, default=""
    )
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_reason = models.TextField(blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    objects = MemberQuerySet.as_manager()
    audit_round_lookup = "panel__round_id__in"

    class Meta:
        ordering = ["panel", "role", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="one_membership_per_panel"),
        ]

    def __str__(self):
        return f"{self.user.display_name} ({self.role_in_brackets})"

    @property
    def role_in_brackets(self) -> str:
        return role_in_brackets(self.role)

    @property
    def scores(self) -> bool:
        return self.role in SCORING_ROLES and self.status == MemberStatus.ACTIVE

    @property
    def is_young(self) -> bool:
        return self.role == Role.YOUNG

    @property
    def under_16(self) -> bool:
        return self.age_band == AgeBand.UNDER_16

    def support_labels(self) -> list[str]:
        labels = dict(SupportNeed.choices)
        return [labels[n] for n in self.support_needs if n in labels]


def token_digest(token: str) -> str:
    """Invitations keep only a hash of their token, so a copy of the database cannot accept them."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use link, sent by email, that lets someone join a panel."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    display_name = models.CharField("name", max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.cancelled_at:
            return "cancelled"
        if self.expires_at <= timezone.now():
            return "expired"
        return "waiting"


class Consent(models.Model):
    """One consent given, and later perhaps withdrawn. Never edited: a change is a new row."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    given_by_name = models.CharField(
        "name of the person giving consent", max_length=150, blank=True
    )
    relationship = models.CharField(
        "their relationship to the panellist", max_length=80, blank=True
    )
    given_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["member", "kind", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"],
                condition=models.Q(withdrawn_at=None),
                name="one_live_consent_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.member})"


class ConflictDeclaration(models.Model):
    """A member's answers about one bid's organisation, and the officer's decision on them.

    The current declaration for a (member, bid) is the latest row; earlier rows are the history.
    """

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="declarations")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="declarations")
    supports_me = models.CharField(max_length=10, choices=Answer.choices)
    family_works = models.CharField(max_length=10, choices=Answer.choices)
    know_someone = models.CharField(max_length=10, choices=Answer.choices)
    anything_else = models.CharField(max_length=10, choices=Answer.choices)
    details = models.TextField("anything you want to tell us", blank=True)
    declared_at = models.DateTimeField(default=timezone.now)
    current = models.BooleanField(default=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)

    audit_round_lookup = "member__panel__round_id__in"

    class Meta:
        ordering = ["member", "bid", "-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "bid"],
                condition=models.Q(current=True),
                name="one_current_declaration",
            )
        ]

    def __str__(self):
        return f"{self.member} on {self.bid.reference}: {self.get_outcome_display()}"

    @property
    def answers(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in CONFLICT_QUESTIONS}

    @property
    def raises_concern(self) -> bool:
        return any(value != Answer.NO for value in self.answers.values())

    @property
    def allows_access(self) -> bool:
        return self.outcome in (Outcome.CLEAR, Outcome.ALLOWED)


class ConflictsAssessment(models.Model):
    """The officer's assessment of conflicts for the round (Procurement Act 2023 s.83). Each edit is
    a new row, so its history is kept."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="conflict_assessments")
    text = models.TextField("assessment")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "-written_at", "-pk"]

    def __str__(self):
        return f"Conflicts assessment for {self.round} ({self.written_at:%d %b %Y})"


class Assignment(models.Model):
    """A member is asked to score a bid. Grants `view_bid` once their declaration allows it."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="assignments")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "member__panel__round_id__in"

    class Meta:
        ordering = ["member", "bid__lot__number", "bid__number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "bid"], name="one_assignment_per_pair"),
        ]

    def __str__(self):
        return f"{self.member} scores {self.bid.reference}"


class TimeEntry(models.Model):
    """Hours a member gave, for recognition and their certificate."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="time_entries")
    kind = models.CharField(max_length=20, choices=TimeKind.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    on = models.DateField("date", default=timezone.localdate)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "-on", "-pk"]
        verbose_name_plural = "time entries"

    def __str__(self):
        return f"{self.hours} h {self.get_kind_display().lower()} ({self.member})"


class Expense(models.Model):
    """Money a member spent to take part (travel, say), to be paid back."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="expenses")
    description = models.CharField(max_length=200)
    amount = models.DecimalField("amount (£)", **MONEY)
    on = models.DateField("date", default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "-on", "-pk"]

    def __str__(self):
        return f"£{self.amount} {self.description} ({self.member})"
