"""Permission matrix entries for the assessment summaries (merged into tests/test_permission_matrix.py).

The conftest round is a procurement round; prepare decides it (every item agreed, every bid decided).
Officers and auditors read the list and each bidder's summary; nobody else learns the round exists
(404). Only the officer downloads every summary (a recorded POST): the auditor, who knows the
round, gets 403; the download answers GET with 405.
"""

from tests.test_permission_matrix import GET_ONLY, LOGIN, READ, expect

WRITE = expect(auditor=403)
POST_ONLY = {**GET_ONLY, "anonymous": LOGIN}

MATRIX = {
    "decisions:summaries": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "decisions:summary": (("pk", "bid_pk"), "", {"get": READ, "post": GET_ONLY}),
    "decisions:summaries_download": (("pk",), "", {"get": POST_ONLY, "post": READ}),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round decided (to_consensus first: other areas' ids() add training modules)."""
    from commissioning.models import Round, Stage
    from tests.factories import advance, to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.DECIDED:
        to_consensus(round_, round_.created_by)
        advance(round_, Stage.DECIDED, round_.created_by)
    return {"bid_pk": round_.lots.order_by("number").first().bids.order_by("number").first().pk}
