"""Permission matrix entries for the results pages (merged into tests/test_permission_matrix.py).

The officer and the auditor read a round's results, one bid's working and the meeting's impact;
only the officer answers checks and decides awards (the auditor, who may know the round, gets
403); a tie is recorded by an officer or the lot's chair (the moderator chairs every lot here), so
the auditor gets 403 there too. The chair's own pages answer only the chair, through their
membership ("member_pk=chair_pk"), 404 for everyone else. Panellists see no results (404).

The round is in consensus with every item agreed (prepare). Empty POSTs: the checks form with
nothing answered and the award form with no decision are refused beside their fields (400); the
tie page has no tie to record here (one bid a lot), so it shows itself again (200); the advice
form refuses empty advice (400).
"""

from tests.test_permission_matrix import GET_ONLY, LOGIN, READ, ROLES, expect

WRITE = expect(auditor=403)
FORM = {**WRITE, "officer": 400}
TIE = expect(auditor=403, others=404) | {"moderator": 200}
CHAIR = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "moderator": 200}
CHAIR_GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}

MATRIX = {
    "decisions:results": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "decisions:bid": (("pk", "bid_pk"), "", {"get": READ, "post": GET_ONLY}),
    "decisions:impact": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "decisions:checks": (("pk", "bid_pk"), "", {"get": WRITE, "post": FORM}),
    "decisions:award": (("pk", "bid_pk"), "", {"get": WRITE, "post": FORM}),
    "decisions:tie": (("pk", "lot_pk"), "", {"get": TIE, "post": TIE}),
    "decisions:chair_results": (
        ("member_pk=chair_pk",),
        "",
        {"get": CHAIR, "post": CHAIR_GET_ONLY},
    ),
    "decisions:chair_bid": (
        ("member_pk=chair_pk", "bid_pk"),
        "",
        {"get": CHAIR, "post": CHAIR_GET_ONLY},
    ),
    "decisions:chair_impact": (
        ("member_pk=chair_pk",),
        "",
        {"get": CHAIR, "post": CHAIR_GET_ONLY},
    ),
    "decisions:advice": (
        ("member_pk=chair_pk", "lot_pk"),
        "",
        {"get": CHAIR, "post": {**CHAIR, "moderator": 400}},
    ),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round in consensus, every sheet submitted and every item agreed."""
    from commissioning.models import Round, Stage
    from panels.models import Member, Role
    from tests.factories import agree_everything, to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.CONSENSUS:
        to_consensus(round_, round_.created_by)
        agree_everything(round_)
    lot = round_.lots.order_by("number").first()
    return {
        "lot_pk": lot.pk,
        "bid_pk": lot.bids.order_by("number").first().pk,
        "chair_pk": Member.objects.get(panel__round=round_, role=Role.MODERATOR).pk,
    }
