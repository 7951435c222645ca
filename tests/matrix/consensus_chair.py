"""Permission matrix entries for the chair's consensus pages (merged into
tests/test_permission_matrix.py).

They answer only the panel's chair, through their own membership ("member_pk=chair_pk"; see _url
in tests/test_permission_matrix.py): everyone else gets a 404, officers and auditors included, so
nobody learns more than they should. The round is in consensus with every sheet submitted
(prepare). bid_pk is the first lot's first bid, criterion_pk a question the panel scores, other_pk
the young panellist's membership.

Empty POSTs: the record form refuses an empty entry beside its fields (400); a tick with no answer
is refused (400); "show on screen" needs nothing more (302); confirming for a member is refused
while the record is not finished (409); the meeting form shows its errors (400).
"""

from tests.test_permission_matrix import LOGIN, ROLES

CHAIR = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "moderator": 200}
GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}  # the method is checked first


def _chair(status):
    return {**CHAIR, "moderator": status}


CHAIR_LOT = ("member_pk=chair_pk", "lot_pk")
CHAIR_ITEM = ("member_pk=chair_pk", "bid_pk", "criterion_pk")

MATRIX = {
    "scoring:consensus_lots": (("member_pk=chair_pk",), "", {"get": CHAIR, "post": GET_ONLY}),
    "scoring:consensus_agenda": (CHAIR_LOT, "", {"get": CHAIR, "post": GET_ONLY}),
    "scoring:consensus_bid": (
        ("member_pk=chair_pk", "bid_pk"),
        "",
        {"get": CHAIR, "post": GET_ONLY},
    ),
    "scoring:consensus_record": (CHAIR_ITEM, "", {"get": CHAIR, "post": _chair(400)}),
    "scoring:consensus_tick": (CHAIR_ITEM, "", {"get": GET_ONLY, "post": _chair(400)}),
    "scoring:consensus_show": (CHAIR_ITEM, "", {"get": GET_ONLY, "post": _chair(302)}),
    "scoring:consensus_confirm_for": (
        ("member_pk=chair_pk", "lot_pk", "other_pk"),
        "",
        {"get": CHAIR, "post": _chair(409)},
    ),
    "scoring:chair_meeting": (CHAIR_LOT, "", {"get": CHAIR, "post": _chair(400)}),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round in consensus, every sheet submitted (tests.factories.to_consensus)."""
    from commissioning.models import Round, Stage
    from panels.models import Member, Role
    from scoring import consensus_policy as policy
    from tests.factories import to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.CONSENSUS:
        to_consensus(round_, round_.created_by)
    lot = round_.lots.order_by("number").first()
    members = Member.objects.filter(panel__round=round_)
    return {
        "lot_pk": lot.pk,
        "bid_pk": lot.bids.order_by("number").first().pk,
        "criterion_pk": policy.panel_criteria(lot)[0].pk,
        "chair_pk": members.get(role=Role.MODERATOR).pk,
        "other_pk": members.get(role=Role.YOUNG).pk,
    }
