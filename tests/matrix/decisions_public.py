"""Permission matrix entries for the public record of a published round and its open data.

Everyone, logged in or not, reads a published round's public page, its OCDS release package and
the list of published rounds (200): the round is published first (prepare). The conftest round is a
procurement round, so its 360Giving file is 404 to everyone (only a grant round has one). Before
publication every public URL is 404 to everyone (tests/test_public_page.py), so nobody learns of a
round early.

The pages are GET only. A POST is refused: 405 from the page itself, except for those who know the
round (its officer, its auditor and its panel), whom the read-only guard for published rounds answers first with
403 and its plain message (decisions/read_only.py). The list of published rounds names no round in
its URL, so a POST there is 405 for everyone.
"""

from tests.test_permission_matrix import PUBLIC, ROLES

NOT_HERE = dict.fromkeys(ROLES, 404)
NOT_ALLOWED = dict.fromkeys(ROLES, 405)
KNOW_THE_ROUND = ("officer", "auditor", "moderator", "young_panellist", "professional")
POST_REFUSED = {**NOT_ALLOWED, **dict.fromkeys(KNOW_THE_ROUND, 403)}

MATRIX = {
    "decisions:public_index": ((), "", {"get": PUBLIC, "post": NOT_ALLOWED}),
    "decisions:public": (("pk",), "", {"get": PUBLIC, "post": POST_REFUSED}),
    "decisions:public_ocds": (("pk",), "", {"get": PUBLIC}),
    "decisions:public_360giving": (("pk",), "", {"get": NOT_HERE}),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round published (every item agreed, every bid decided, every signature given)."""
    from commissioning.models import Round, Stage
    from tests.factories import advance, to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.PUBLISHED:
        to_consensus(round_, round_.created_by)
        advance(round_, Stage.PUBLISHED, round_.created_by)
    return {}
