"""Permission matrix entries for a member's pages for the panel's meeting (merged into
tests/test_permission_matrix.py).

They answer only that member: everyone else gets 404 (officers included), anonymous visitors are
sent to log in. prepare() moves the round to consensus, every sheet submitted (the young panellist
sees the panel's scores for `bid_pk`). Nothing is recorded yet, so the record cannot be confirmed:
the confirm page says why (200), and a POST to it is refused (409). An empty POST to attendance
names no answer, so the meeting page comes back with the error (400).
"""

from tests.test_permission_matrix import LOGIN, ROLES

MINE = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "young_panellist": 200}
GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}
POST_ONLY = GET_ONLY

MATRIX = {
    "scoring:meeting": (("member_pk",), "", {"get": MINE, "post": GET_ONLY}),
    "scoring:attendance": (
        ("member_pk", "lot_pk"),
        "",
        {"get": POST_ONLY, "post": {**MINE, "young_panellist": 400}},
    ),
    "scoring:consensus_view": (("member_pk", "bid_pk"), "", {"get": MINE, "post": GET_ONLY}),
    "scoring:confirm": (
        ("member_pk", "lot_pk"),
        "",
        {"get": MINE, "post": {**MINE, "young_panellist": 409}},
    ),
    "scoring:present": (("member_pk", "lot_pk"), "", {"get": MINE, "post": GET_ONLY}),
    "scoring:present_now": (("member_pk", "lot_pk"), "", {"get": MINE, "post": GET_ONLY}),
}


def ids(round_):
    """The young panellist's membership, the round's first lot and its first bid."""
    from panels.models import Member, Role

    member = Member.objects.get(panel__round=round_, role=Role.YOUNG)
    lot = round_.lots.order_by("number").first()
    return {"member_pk": member.pk, "lot_pk": lot.pk, "bid_pk": lot.bids.order_by("number")[0].pk}


def prepare(round_):
    """The round in consensus with every sheet submitted. Idempotent."""
    from commissioning.models import Round, Stage
    from tests.factories import to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.CONSENSUS:
        to_consensus(round_, round_.created_by)
    return ids(round_)
