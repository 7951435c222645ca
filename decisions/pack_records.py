"""The decision pack's sheets from the panel's own records: who sat on the panel, each individual
sheet with its reasons, the agreed (consensus) records and confirmations, conflicts of interest and
the officers' decisions on them, training completion, sign-offs and the round's stage history.

Panel members appear only as People labels (decisions/pack_people.py). Each function makes a fixed
number of queries, whatever the number of rows; the individual scores are streamed, not loaded.
"""

from datetime import UTC, datetime

from audit.models import AuditEvent
from audit.people import actor_names
from commissioning.models import Stage
from decisions.models import SignOff, SignOffRole
from decisions.pack_sheets import DATETIME, Col, Sheet, yes_no
from panels.models import ConflictDeclaration, ConflictsAssessment, MemberStatus, Outcome, Role
from scoring.models import ConsensusRecord, CriterionScore, Reached, SheetStatus
from training.models import Module, ModuleResult, PracticeAttempt

ROLES = dict(Role.choices)
STATUSES = dict(MemberStatus.choices)
SHEET_STATUSES = dict(SheetStatus.choices)
REACHED = dict(Reached.choices)
OUTCOMES = dict(Outcome.choices)
STAGES = dict(Stage.choices)
SIGNOFF_ROLES = dict(SignOffRole.choices)


def utc(value):
    """A stored time as a naive UTC datetime, for a spreadsheet cell."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def panel_sheet(people) -> Sheet:
    rows = [
        (
            people.label(m.pk),
            m.panel.name,
            ROLES.get(m.role, m.role),
            STATUSES.get(m.status, m.status),
        )
        for m in people.members
    ]
    return Sheet(
        "Panel",
        [Col("Panellist", 28), Col("Panel", 24), Col("Role", 24), Col("Status", 16)],
        rows,
        "Everyone on the round's panels. Panellists are shown by number unless their name was "
        "asked for and they agreed to be named.",
    )


SCORE_ORDER = (
    "sheet__assignment__bid__lot__number",
    "sheet__assignment__bid__number",
    "sheet__assignment__member_id",
    "criterion__order",
    "criterion_id",
)


def individual_sheet(round_, people, chunk_size=5000) -> Sheet:
    """Streams every score on every sheet (one query), so a big round never sits in memory."""
    rows = (
        CriterionScore.objects.filter(sheet__assignment__bid__lot__round=round_)
        .order_by(*SCORE_ORDER)
        .values_list(
            "sheet__assignment__bid__lot__number",
            "sheet__assignment__bid__reference",
            "sheet__assignment__member_id",
            "sheet__status",
            "criterion__title",
            "score",
            "passed",
            "reason",
        )
        .iterator(chunk_size=chunk_size)
    )

    def shaped():
        for lot, bid, member, status, title, score, passed, reason in rows:
            yield (
                lot,
                bid,
                people.label(member),
                SHEET_STATUSES.get(status, status),
                title,
                score,
                yes_no(passed),
                reason,
            )

    return Sheet(
        "Individual scores",
        [
            Col("Lot", 6),
            Col("Bid", 14),
            Col("Panellist", 22),
            Col("Sheet", 14),
            Col("Question", 30),
            Col("Score", 7),
            Col("Passed", 7),
            Col("Reason", 70),
        ],
        shaped(),
        "Every panellist's own score and reason for each question, before the meeting. Only "
        "submitted sheets count towards results.",
    )


def consensus_sheet(round_, people) -> Sheet:
    records = list(
        ConsensusRecord.objects.filter(bid__lot__round=round_)
        .order_by("bid__lot__number", "bid__number", "criterion__order", "criterion_id")
        .values_list(
            "pk",
            "bid__lot__number",
            "bid__reference",
            "criterion__title",
            "score",
            "reached",
            "rationale",
            "key_points",
            "dissents",
            "chaired_by_id",
        )
    )
    present, recused = {}, {}
    for through, into in (
        (ConsensusRecord.present.through, present),
        (ConsensusRecord.recused.through, recused),
    ):
        for record, member in through.objects.filter(
            consensusrecord__bid__lot__round=round_
        ).values_list("consensusrecord_id", "member_id"):
            into.setdefault(record, []).append(member)
    rows = [
        (
            lot,
            bid,
            title,
            score,
            REACHED.get(reached, reached),
            rationale,
            key_points,
            "; ".join(
                f"{people.label(d.get('member'))}: {d.get('text', '')}" for d in dissents or []
            ),
            people.label(chair),
            people.labels_of(present.get(pk, [])),
            people.labels_of(recused.get(pk, [])),
        )
        for pk, lot, bid, title, score, reached, rationale, key_points, dissents, chair in records
    ]
    return Sheet(
        "Consensus records",
        [
            Col("Lot", 6),
            Col("Bid", 14),
            Col("Question", 30),
            Col("Agreed score", 8),
            Col("How it was reached", 22),
            Col("Why", 60),
            Col("Points that decided it", 40),
            Col("Dissents", 40),
            Col("Chaired by", 18),
            Col("Present", 30),
            Col("Stepped out (conflict)", 24),
        ],
        rows,
        "The panel's agreed score for each question of each bid, with its reasons.",
    )


def conflicts_sheet(round_, people) -> Sheet:
    rows = [
        (
            people.label(d.member_id),
            d.bid.reference,
            d.get_supports_me_display(),
            d.get_family_works_display(),
            d.get_know_someone_display(),
            d.get_anything_else_display(),
            d.details,
            yes_no(d.current),
            OUTCOMES.get(d.outcome, d.outcome),
            d.decision_reason,
            d.mitigation,
            utc(d.declared_at),
            utc(d.decided_at),
        )
        for d in ConflictDeclaration.objects.filter(member__panel__round=round_)
        .select_related("bid")
        .order_by("member_id", "bid__lot__number", "bid__number", "declared_at", "pk")
    ]
    assessments = "  ".join(
        f"[{utc(at):%Y-%m-%d}] {text}"
        for at, text in ConflictsAssessment.objects.filter(round=round_)
        .order_by("written_at", "pk")
        .values_list("written_at", "text")
    )
    return Sheet(
        "Conflicts and decisions",
        [
            Col("Panellist", 22),
            Col("Bid", 14),
            Col("The bid's organisation supports me", 12),
            Col("Family works there", 12),
            Col("I know someone there", 12),
            Col("Anything else", 12),
            Col("What they told us", 40),
            Col("Current", 8),
            Col("Outcome", 26),
            Col("Officer's reason", 40),
            Col("Safeguard", 40),
            Col("Declared at (UTC)", 20, DATETIME),
            Col("Decided at (UTC)", 20, DATETIME),
        ],
        rows,
        "Each declaration of interest and what an officer decided. The officers' assessment of "
        f"conflicts: {assessments or 'none written'}",
    )


def training_sheet(round_, people) -> Sheet:
    modules = list(Module.objects.filter(round=round_).order_by("order", "pk"))
    results = {
        (m, mod): (attempts, passed)
        for m, mod, attempts, passed in ModuleResult.objects.filter(
            module__round=round_
        ).values_list("member_id", "module_id", "attempts", "passed_at")
    }
    practice = {}
    for member, at in (
        PracticeAttempt.objects.filter(practice__round=round_)
        .order_by("member_id", "submitted_at", "pk")
        .values_list("member_id", "submitted_at")
    ):
        practice.setdefault(member, at)  # the first attempt
    rows = []
    for m in people.members:
        if m.role not in (Role.YOUNG, Role.PROFESSIONAL):
            continue
        for module in modules:
            attempts, passed = results.get((m.pk, module.pk), (0, None))
            rows.append(
                (people.label(m.pk), module.title, yes_no(module.required), attempts, utc(passed))
            )
        rows.append((people.label(m.pk), "Practice bid", "Yes", None, utc(practice.get(m.pk))))
    return Sheet(
        "Training",
        [
            Col("Panellist", 22),
            Col("Module", 40),
            Col("Required", 9),
            Col("Attempts", 9),
            Col("Completed at (UTC)", 20, DATETIME),
        ],
        rows,
        "Each panellist's induction: every module and the practice bid, and when they finished it.",
    )


def signoff_sheet(round_, people) -> Sheet:
    rows = []
    for s in SignOff.objects.filter(round=round_).select_related("panel", "signed_by"):
        if s.role == SignOffRole.CHAIR:
            who = people.for_user(s.panel_id, s.signed_by_id) or "The chair"
        else:
            who = s.signed_by.display_name
        rows.append(
            (
                SIGNOFF_ROLES.get(s.role, s.role),
                s.panel.name if s.panel else "",
                who,
                s.statement,
                utc(s.signed_at),
                utc(s.voided_at),
            )
        )
    return Sheet(
        "Sign-off",
        [
            Col("Signed as", 22),
            Col("Panel", 20),
            Col("Signed by", 24),
            Col("Statement", 70),
            Col("Signed at (UTC)", 20, DATETIME),
            Col("Voided at (UTC)", 20, DATETIME),
        ],
        rows,
        "Who signed the results before publication. A voided sign-off was cancelled when the "
        "round went back to the meeting.",
    )


def stage_sheet(round_) -> Sheet:
    events = list(
        AuditEvent.objects.for_round(round_)
        .filter(action="round.stage_moved")
        .order_by("seq")
        .values_list("seq", "at", "actor", "before", "after", "reason")
    )
    names = actor_names(e[2] for e in events)
    rows = [
        (
            seq,
            utc(at),
            STAGES.get((before or {}).get("stage"), ""),
            STAGES.get((after or {}).get("stage"), ""),
            names.get(actor, actor),
            reason,
        )
        for seq, at, actor, before, after, reason in events
    ]
    return Sheet(
        "Stage history",
        [
            Col("Trail entry", 10),
            Col("Time (UTC)", 20, DATETIME),
            Col("From", 14),
            Col("To", 14),
            Col("Moved by", 24),
            Col("Reason", 60),
        ],
        rows,
        "Every move of the round from one stage to the next, from the decision trail.",
    )
