"""Permission matrix entries for the training URLs (merged into tests/test_permission_matrix.py).

Officer pages: the officer may read and change, the auditor may read (403 on changes), anyone else
learns nothing (404). A member's own pages (/my/<member>/training/...) answer only that member:
`member_pk` is the young panellist's membership, so only they get a 200.
"""

from tests.test_permission_matrix import LOGIN, READ, WRITE, expect

GET_ONLY = expect(officer=405, other_officer=405, auditor=405, others=405)
MINE = {**expect(officer=404, auditor=404, others=404), "young_panellist": 200}
MINE_GET_ONLY = {**expect(officer=405, other_officer=405, auditor=405, others=405)}
assert MINE["anonymous"] == LOGIN

MATRIX = {
    # Officer pages. A POST to the module list adds the starter set, then redirects.
    "training:modules": (("pk",), "", {"get": READ, "post": expect(officer=302, auditor=403)}),
    "training:module_create": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "training:module_edit": (("pk", "module_pk"), "", {"get": WRITE, "post": WRITE}),
    "training:question_create": (("pk", "module_pk"), "", {"get": WRITE, "post": WRITE}),
    "training:question_edit": (("pk", "question_pk"), "", {"get": WRITE, "post": WRITE}),
    "training:practice_edit": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "training:progress": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    # A member's own pages. An empty POST re-shows the form with its errors.
    "training:task_list": (("member_pk",), "", {"get": MINE, "post": MINE_GET_ONLY}),
    "training:module": (("member_pk", "module_pk"), "", {"get": MINE, "post": MINE}),
    "training:practice": (("member_pk",), "", {"get": MINE, "post": MINE}),
    "training:practice_result": (("member_pk",), "", {"get": MINE, "post": MINE_GET_ONLY}),
}


def ids(round_):
    """A module with a question and a practice bid, made straight in the database: the matrix's
    auditor test counts trail events around each request, so nothing here may write one."""
    from commissioning.models import CriterionKind
    from panels.models import Member, Role
    from training.models import CheckQuestion, Choice, Module, PracticeBid, PracticeItem

    module, _ = Module.objects.get_or_create(
        round=round_, title="Matrix module", defaults={"body": "Read this.", "order": 1}
    )
    question, made = CheckQuestion.objects.get_or_create(
        module=module, text="Is this a question?", defaults={"explanation": "It is."}
    )
    if made:
        Choice.objects.create(question=question, text="Yes", correct=True, order=1)
        Choice.objects.create(question=question, text="No", correct=False, order=2)
    rubric = round_.rubrics.first()
    practice, made = PracticeBid.objects.get_or_create(
        round=round_, defaults={"rubric": rubric, "title": "Practice", "summary": "Made up."}
    )
    if made:
        for criterion in rubric.criteria.filter(kind=CriterionKind.SCORED):
            PracticeItem.objects.create(
                practice=practice,
                criterion=criterion,
                answer="An answer.",
                reference_score=3,
                reference_reason="Sound.",
            )
    member = Member.objects.get(
        panel__round=round_, role=Role.YOUNG, user__email="young@example.org"
    )
    return {"module_pk": module.pk, "question_pk": question.pk, "member_pk": member.pk}
