"""Permission matrix entries for the decision pack (merged into tests/test_permission_matrix.py).

prepare decides the round (every item agreed, every bid decided), so the pack is available.
Officers and auditors read the page; nobody else learns the round exists (404).

The download is a POST that records "decision_pack.exported" in the trail, and the auditor may
download (without names). test_auditor_cannot_write_anything expects every POST by an auditor to
be refused with nothing added to the trail, so the POST is not listed here: every role's POST is
tested in tests/test_decision_pack.py (test_who_may_download: officer and auditor 200 with one
event each, anonymous 302, everyone else 404 with no event).
"""

from tests.test_permission_matrix import READ

MATRIX = {
    "decisions:pack": (("pk",), "", {"get": READ, "post": READ}),
}


def ids(round_):
    return {}


def prepare(round_):
    """The round decided (its panellists trained, sheets submitted, items agreed)."""
    from commissioning.models import Round, Stage
    from tests.factories import advance, to_consensus

    if Round.objects.get(pk=round_.pk).stage != Stage.DECIDED:
        advance(to_consensus(round_, round_.created_by), Stage.DECIDED, round_.created_by)
    return {}
