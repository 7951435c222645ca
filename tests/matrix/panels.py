"""Permission matrix entries for the panels URLs (merged into tests/test_permission_matrix.py).

The officer's panel pages: an auditor reads the overview, a member's page, the conflicts and the
assignment plan, and changes nothing (403); nobody else learns the round exists (404).
"""

from tests.test_permission_matrix import GET_ONLY, POST_ONLY, READ, WRITE, expect

# Cancelling an invitation answers the officer with a redirect back to the panel page.
CANCELLED = expect(officer=302, auditor=403)

MATRIX = {
    "panels:panels": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "panels:panel_create": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "panels:panel_edit": (("pk", "panel_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:invite": (("pk", "panel_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:member_add": (("pk", "panel_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:invitation_cancel": (
        ("pk", "invitation_pk"),
        "",
        {"get": POST_ONLY, "post": CANCELLED},
    ),
    "panels:member": (("pk", "m_pk"), "", {"get": READ, "post": GET_ONLY}),
    "panels:member_status": (("pk", "m_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:time_add": (("pk", "m_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:expense_add": (("pk", "m_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:consent_record": (("pk", "m_pk"), "", {"get": WRITE, "post": WRITE}),
    "panels:conflicts": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "panels:conflict_decide": (("pk", "declaration_pk"), "", {"get": READ, "post": WRITE}),
    "panels:assessment": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "panels:assignments": (("pk", "lot_pk"), "", {"get": READ, "post": WRITE}),
}


def ids(round_):
    """The round's panel, the young panellist's membership, a waiting invitation and a declaration.

    The invitation and the declaration are written straight to their tables, not through the
    services: test_auditor_cannot_write_anything counts trail events around building the URL, and
    a clear declaration made this way grants nothing the member pages' entries could notice.
    """
    from datetime import timedelta

    from django.utils import timezone

    from panels.models import (
        CONFLICT_QUESTIONS,
        ConflictDeclaration,
        Invitation,
        Member,
        Outcome,
        Role,
        token_digest,
    )

    panel = round_.panels.get(lot=None)
    young = Member.objects.get(panel=panel, role=Role.YOUNG)
    invitation, _ = Invitation.objects.get_or_create(
        token_hash=token_digest(f"matrix-{panel.pk}"),
        defaults={
            "panel": panel,
            "email": "invited@example.org",
            "display_name": "Ivy Invited",
            "role": Role.YOUNG,
            "invited_by": round_.created_by,
            "expires_at": timezone.now() + timedelta(days=14),
        },
    )
    declaration = ConflictDeclaration.objects.filter(member=young).order_by("-pk").first()
    if declaration is None:
        declaration = ConflictDeclaration.objects.create(
            member=young,
            bid=round_.lots.first().bids.first(),
            outcome=Outcome.CLEAR,
            **dict.fromkeys(CONFLICT_QUESTIONS, "no"),
        )
    return {
        "panel_pk": panel.pk,
        "m_pk": young.pk,
        "invitation_pk": invitation.pk,
        "declaration_pk": declaration.pk,
    }
