"""Permission matrix entries for the co-production report (merged into tests/test_permission_matrix.py).

The round is moved to induction (prepare). Officers and auditors read the report; nobody else
learns the round exists (404). A POST downloads the spreadsheet and is recorded in the trail, so
only the officer may (the auditor, who knows the round, gets 403).
"""

from tests.test_permission_matrix import READ, expect

WRITE = expect(auditor=403)

MATRIX = {
    "decisions:coproduction": (("pk",), "", {"get": READ, "post": READ}),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round at induction (the report starts there)."""
    from commissioning import services
    from commissioning.models import Round, Stage

    if Round.objects.get(pk=round_.pk).stage == Stage.DRAFT:
        services.move_stage(round_, to=Stage.INDUCTION, by=round_.created_by)
