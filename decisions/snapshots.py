"""What the decision trail records of the decisions app's objects (see audit/snapshots.py)."""

from audit.snapshots import register, register_check
from decisions.models import (
    Award,
    FeedbackNote,
    LotAdvice,
    OfficerCheck,
    OfficerScore,
    ProcurementRecord,
    Publication,
    SignOff,
    TieDecision,
)


def note_snapshot(n: FeedbackNote) -> dict:
    return {"round": n.round_id, "message": n.message}


def register_all():
    from decisions.awards import advice_snapshot, award_snapshot, tie_snapshot
    from decisions.checks import check_snapshot, score_snapshot
    from decisions.procurement import record_snapshot
    from decisions.publication import publication_snapshot
    from decisions.signoff import signoff_snapshot

    register(
        OfficerCheck,
        snapshot=check_snapshot,
        describe=lambda c: f"Officer check {c.pk} (bid {c.bid_id}, criterion {c.criterion_id})",
    )
    register(
        OfficerScore,
        snapshot=score_snapshot,
        describe=lambda s: f"Officer score {s.pk} (bid {s.bid_id}, criterion {s.criterion_id})",
    )
    register(Award, snapshot=award_snapshot, describe=lambda a: f"Award for bid {a.bid_id}")
    register(
        TieDecision,
        snapshot=tie_snapshot,
        describe=lambda t: f"Tie decision {t.pk} (lot {t.lot_id}, bids {t.group})",
    )
    register(
        LotAdvice, snapshot=advice_snapshot, describe=lambda a: f"Panel advice on lot {a.lot_id}"
    )
    register(
        SignOff,
        snapshot=signoff_snapshot,
        describe=lambda s: f"{s.get_role_display()} sign-off {s.pk} (round {s.round_id})",
    )
    register(
        Publication,
        snapshot=publication_snapshot,
        describe=lambda p: f"Publication of round {p.round_id}",
    )
    register(
        ProcurementRecord,
        snapshot=record_snapshot,
        describe=lambda r: f"Procurement dates of round {r.round_id}",
    )
    register(
        FeedbackNote,
        snapshot=note_snapshot,
        describe=lambda n: f"Message to the panel of round {n.round_id}",
    )
    register_check(survey_answers)


def survey_answers(round_ids):
    """The anonymous survey (decisions/survey.py). Its events name no answer and no person, so
    the replay compares counts (one event, one answer, one receipt) and the last event's digest
    over all the round's answers and receipts, salted with the salt still in the database."""
    from django.db.models import Count

    from audit.models import AuditEvent
    from audit.verify import Finding
    from decisions.models import SurveyReceipt, SurveyResponse, SurveySeal
    from decisions.survey import digest

    events = AuditEvent.objects.filter(action="survey.answered")
    answers = SurveyResponse.objects.all()
    receipts = SurveyReceipt.objects.all()
    if round_ids is not None:
        events = events.filter(round_id__in=round_ids)
        answers = answers.filter(round_id__in=round_ids)
        receipts = receipts.filter(member__panel__round_id__in=round_ids)
    recorded, last = {}, {}
    for round_id, after, seq in events.order_by("seq").values_list("round_id", "after", "seq"):
        recorded[round_id] = recorded.get(round_id, 0) + 1
        last[round_id] = (seq, after)
    live = dict(answers.values_list("round_id").annotate(n=Count("pk")).order_by())
    marked = dict(
        receipts.values_list("member__panel__round_id").annotate(n=Count("pk")).order_by()
    )
    salts = dict(SurveySeal.objects.filter(round_id__in=list(last)).values_list("round_id", "salt"))

    findings = []
    for round_id in sorted(set(recorded) | set(live) | set(marked)):
        chain, count = f"round:{round_id}", recorded.get(round_id, 0)
        seq, after = last.get(round_id, (None, None))
        problems = []
        if live.get(round_id, 0) != count:
            problems.append(f"{live.get(round_id, 0)} answers are in the database")
        if marked.get(round_id, 0) != count:
            problems.append(f"{marked.get(round_id, 0)} panellists are marked as having answered")
        if problems:
            problems.append(f"the trail recorded {count}")
        elif isinstance(after, dict) and "digest" in after:  # sealed since answers were counted
            salt = salts.get(round_id)
            if salt is None or digest(round_id, salt) != after["digest"]:
                problems.append("the answers or who gave them no longer match the trail's digest")
        if problems:
            findings.append(
                Finding(
                    chain,
                    f"The survey of round {round_id} was changed outside the app: "
                    + "; ".join(problems),
                    seq=seq,
                )
            )
    return findings
