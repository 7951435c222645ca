"""Permission matrix entries for the officer's consensus pages (merged into
tests/test_permission_matrix.py).

The overview answers the round's officer and auditor; arranging a meeting and naming a deputy
chair need the officer (the auditor may know the round, so 403); nobody else learns the round
exists (404). An empty POST to either form re-shows it (200). The round is in
consensus (prepare), and bid_pk is a compliant bid.
"""

from tests.test_permission_matrix import GET_ONLY, READ, expect

FORM = expect(auditor=403)

MATRIX = {
    "scoring:consensus_overview": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "scoring:meeting_plan": (("pk", "lot_pk"), "", {"get": FORM, "post": FORM}),
    "scoring:deputy": (("pk", "bid_pk"), "", {"get": FORM, "post": FORM}),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round in consensus, every sheet submitted (tests.factories.to_consensus)."""
    from commissioning.models import Round, Stage
    from tests.factories import to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.CONSENSUS:
        to_consensus(round_, round_.created_by)
    lot = round_.lots.first()
    return {"lot_pk": lot.pk, "bid_pk": lot.bids.first().pk}
