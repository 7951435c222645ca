"""Induction: the modules panellists read, their check questions, and a practice bid to calibrate
scoring against an officer's reference scores. Practice never counts towards any decision."""

from django.db import models
from django.utils import timezone

from commissioning.models import Criterion, Round, Rubric
from panels.models import Member


class Module(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="modules")
    title = models.CharField(max_length=150)
    body = models.TextField(
        help_text="Start a line with ## for a heading, with - for a list item; "
        "leave an empty line between paragraphs."
    )
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(
        default=True, help_text="Panellists must pass a required module before they score."
    )
    minutes = models.PositiveSmallIntegerField(
        "about how many minutes it takes", default=15, help_text="Counted as time given."
    )
    starter_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["round", "order", "pk"]

    def __str__(self):
        return self.title


class CheckQuestion(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("question", max_length=300)
    explanation = models.TextField(
        help_text="Shown after answering, and again after a wrong answer."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["module", "order", "pk"]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(CheckQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    correct = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.text


class ModuleResult(models.Model):
    """How a member is getting on with one module: attempts so far, and when they passed."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="module_results")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="results")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_answers = models.JSONField(default=dict, blank=True)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "module"], name="one_result_per_module")
        ]

    def __str__(self):
        return f"{self.member} on {self.module}"


class PracticeBid(models.Model):
    """A made-up bid the panel scores for practice, with the officer's reference scores."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="practice_bid")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField()

    def __str__(self):
        return self.title


class PracticeItem(models.Model):
    """One question of the practice bid: the made-up answer, and the reference score with its reason."""

    practice = models.ForeignKey(PracticeBid, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField("the practice bid's answer")
    reference_score = models.PositiveSmallIntegerField(null=True, blank=True)
    reference_reason = models.TextField("why it gets that score", blank=True)

    class Meta:
        ordering = ["practice", "criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "criterion"], name="one_item_per_criterion")
        ]

    def __str__(self):
        return f"{self.practice}: {self.criterion}"


class PracticeAttempt(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="practice_attempts")
    practice = models.ForeignKey(PracticeBid, on_delete=models.CASCADE, related_name="attempts")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member", "-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.member}: practice at {self.submitted_at:%d %b %H:%M}"


class PracticeScore(models.Model):
    attempt = models.ForeignKey(PracticeAttempt, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(PracticeItem, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "item__criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="one_practice_score_per_item")
        ]

    def __str__(self):
        return f"{self.score} for {self.item}"
