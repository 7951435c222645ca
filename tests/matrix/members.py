"""Permission matrix entries for the members URLs (merged into tests/test_permission_matrix.py).

A panel member's own pages answer only that member: everyone else gets 404 (officers included, so
not even a membership's existence leaks), anonymous visitors are sent to log in. The young
panellist has declared no conflicts, given photo consent and been assigned the round's first bid.
"""

from tests.test_permission_matrix import LOGIN, ROLES

MINE = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "young_panellist": 200}
MINE_POST_REDIRECTS = {**MINE, "young_panellist": 302}
GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}
UNKNOWN = dict.fromkeys(ROLES, 404)  # a made-up invitation link, whoever opens it

MATRIX = {
    # The glossary shows no data: anyone may read it, logged in or not.
    "panels:glossary": (
        (),
        "",
        {"get": dict.fromkeys(ROLES, 200), "post": dict.fromkeys(ROLES, 405)},
    ),
    "panels:accept": (("token",), "", {"get": UNKNOWN, "post": UNKNOWN}),
    "panels:dashboard": (("member_pk",), "", {"get": MINE, "post": GET_ONLY}),
    "panels:profile": (("member_pk",), "", {"get": MINE, "post": MINE}),
    "panels:consents": (("member_pk",), "", {"get": MINE, "post": MINE}),
    "panels:consent_withdraw": (
        ("member_pk", "consent_pk"),
        "",
        {"get": MINE, "post": MINE_POST_REDIRECTS},
    ),
    "panels:declare": (("member_pk", "lot_pk"), "", {"get": MINE, "post": MINE}),
    "panels:my_bids": (("member_pk",), "", {"get": MINE, "post": GET_ONLY}),
    "panels:bid": (("member_pk", "bid_pk"), "", {"get": MINE, "post": GET_ONLY}),
    "panels:bid_document": (
        ("member_pk", "bid_pk", "document_pk"),
        "",
        {"get": MINE, "post": GET_ONLY},
    ),
    "panels:recognition": (("member_pk",), "", {"get": MINE, "post": MINE}),
    "panels:certificate": (("member_pk",), "", {"get": MINE, "post": GET_ONLY}),
}


def ids(round_):
    from panels import services
    from panels.models import Assignment, ConsentKind, Member, Role
    from tests.factories import declare_clear

    member = Member.objects.select_related("user", "panel__round").get(
        panel__round=round_, role=Role.YOUNG
    )
    officer = round_.created_by
    bid = round_.lots.first().bids.first()
    if not member.declarations.exists():
        declare_clear(member)
    if not Assignment.objects.filter(member=member, bid=bid).exists():
        services.assign(member, bid, by=officer)
    consent = member.consents.filter(kind=ConsentKind.PHOTOS, withdrawn_at=None).first()
    if consent is None:
        consent = services.give_consent(member, by=member.user, kind=ConsentKind.PHOTOS)
    return {"member_pk": member.pk, "consent_pk": consent.pk, "bid_pk": bid.pk}
