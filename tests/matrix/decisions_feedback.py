"""Permission matrix entries for "You said, we did", the survey and the influence report (merged
into tests/test_permission_matrix.py).

The round is published (prepare). The panellist's page and survey answer only that panellist
(the young panellist here, "member_pk" from tests/matrix/members.py), 404 for everyone else. The
survey is the one page here that still takes a POST on a published round: an empty answer is
refused beside the form (400). A POST to the panellist's page meets the published round's
read-only guard (403) for the member, 405 for others. The officer's message page and the influence
report are read by the officer and the auditor; writing the message on a published round is
refused (403) to both, as it is final, and to
the round's panel, who know the round (decisions/read_only.py). The chair's influence page answers only the chair.
"""

from tests.test_permission_matrix import LOGIN, READ, ROLES, expect

MINE = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "young_panellist": 200}
MINE_GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN, "young_panellist": 403}
SURVEY_POST = {**MINE, "young_panellist": 400}
# The round's panel knows the round exists, so the read-only guard answers them 403 too.
KNOW_IT = dict.fromkeys(("moderator", "young_panellist", "professional"), 403)
PUBLISHED_WRITE = {**expect(officer=403, auditor=403), **KNOW_IT}
READ_GET_ONLY = {**expect(officer=403, auditor=403, other_officer=405, others=405), **KNOW_IT}
CHAIR = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "moderator": 200}
CHAIR_GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN, "moderator": 403}

MATRIX = {
    "decisions:you_said": (("member_pk",), "", {"get": MINE, "post": MINE_GET_ONLY}),
    "decisions:survey": (("member_pk",), "", {"get": MINE, "post": SURVEY_POST}),
    "decisions:feedback_message": (("pk",), "", {"get": READ, "post": PUBLISHED_WRITE}),
    "decisions:influence": (("pk",), "", {"get": READ, "post": READ_GET_ONLY}),
    "decisions:chair_influence": (
        ("member_pk=chair_pk",),
        "",
        {"get": CHAIR, "post": CHAIR_GET_ONLY},
    ),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round published through every stage's real services."""
    from commissioning.models import Round, Stage
    from panels.models import Member, Role
    from tests.factories import advance, to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.PUBLISHED:
        to_consensus(round_, round_.created_by)  # trains and declares everyone first
        advance(round_, Stage.PUBLISHED, round_.created_by)
    return {"chair_pk": Member.objects.get(panel__round=round_, role=Role.MODERATOR).pk}
