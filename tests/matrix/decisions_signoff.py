"""Permission matrix entries for sign-off, publishing and the procurement dates.

The round is decided (prepare) and nobody has signed. The officer's sign-off page is read by
officers and auditors; only the officer signs (the auditor, who knows the round, gets 403). An empty
POST has no tick, so it is refused beside the box (400); so is the publish form. The procurement
dates page (conftest's round is a procurement round) saves nothing on an empty POST: all three dates
are optional, so it redirects (302). The chair signs on their own page (404 for everyone else).
"""

from tests.test_permission_matrix import GET_ONLY, LOGIN, READ, ROLES, expect

WRITE = expect(auditor=403)
FORM = {**WRITE, "officer": 400}
SAVED = {**WRITE, "officer": 302}
CHAIR = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "moderator": 200}
POST_ONLY_WRITE = {**GET_ONLY, "anonymous": LOGIN}

MATRIX = {
    "decisions:signoff": (("pk",), "", {"get": READ, "post": FORM}),
    "decisions:publish": (("pk",), "", {"get": POST_ONLY_WRITE, "post": FORM}),
    "decisions:procurement": (("pk",), "", {"get": READ, "post": SAVED}),
    "decisions:chair_signoff": (
        ("member_pk=chair_pk",),
        "",
        {"get": CHAIR, "post": {**CHAIR, "moderator": 400}},
    ),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round decided: every item agreed, every bid decided, nobody signed yet."""
    from commissioning import services as round_services
    from commissioning.models import Round, Stage
    from decisions.demo import decide_everything
    from panels.models import Member, Role
    from tests.factories import agree_everything, to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.DECIDED:
        to_consensus(round_, round_.created_by)
        agree_everything(round_)
        decide_everything(round_, round_.created_by)
        round_services.move_stage(round_, to=Stage.DECIDED, by=round_.created_by)
    return {"chair_pk": Member.objects.get(panel__round=round_, role=Role.MODERATOR).pk}
