"""A published round is final: every write URL in the permission matrix refuses, with a plain
message and nothing written, for everyone who could write to it before; nobody else learns more.

One round is published once and every POST URL is tried on it (the matrix's own ids, made while
the round was a draft, plus the round's chair, lot, bid and sheet once published). Pages marked
allowed_after_publication (the survey, the procurement dates, downloads, a person's consents) are
left to their own tests, which check what they may still do.
"""

import pytest
from django.urls import resolve

from audit.models import AuditEvent
from commissioning.models import Stage
from panels.models import Member, Role
from scoring.models import ScoreSheet
from tests.factories import advance, to_consensus
from tests.test_permission_matrix import AREAS, LOGIN, MATRIX, _ids

pytestmark = pytest.mark.django_db

WROTE_BEFORE = (200, 302, 400)  # what a POST that reached its form or service answered


def _published_ids(round_):
    ids = {**_ids(round_), "uidb64": "MQ", "token": "bad-token"}
    for area in AREAS:
        ids.update(area.ids(round_))
    to_consensus(round_, round_.created_by)
    round_ = advance(round_, Stage.PUBLISHED, round_.created_by)
    members = Member.objects.filter(panel__round=round_)
    lot = round_.lots.order_by("number").first()
    bid = lot.bids.order_by("number").first()
    young = members.get(role=Role.YOUNG)
    ids.update(
        chair_pk=members.get(role=Role.MODERATOR).pk,
        other_pk=young.pk,
        member_pk=young.pk,
        lot_pk=lot.pk,
        bid_pk=bid.pk,
        sheet_pk=ScoreSheet.objects.filter(assignment__member=young).values_list("pk", flat=True)[
            0
        ],
    )
    return round_, ids


def _reverse(name, ids):
    from django.urls import reverse

    kwarg_names, query, _ = MATRIX[name]
    pairs = [k.partition("=") for k in kwarg_names]
    return reverse(name, kwargs={k: ids[key or k] for k, _, key in pairs}) + query


def test_every_write_url_refuses_once_the_round_is_published(round_, cast, as_user):
    round_, ids = _published_ids(round_)
    tried, refused = 0, []
    for name, (_, _, methods) in MATRIX.items():
        if "post" not in methods:
            continue
        url = _reverse(name, ids)
        if not {"pk", "member_pk", "token"} & set(resolve(url.split("?")[0]).kwargs):
            continue  # not about one round (creating a new round is still allowed)
        if getattr(resolve(url.split("?")[0]).func, "allowed_after_publication", False):
            continue
        for role, before in methods["post"].items():
            client = as_user(cast[role])
            events = AuditEvent.objects.count()
            response = client.post(url, {"reason": "x", "name": "x", "agree": "on"})
            assert AuditEvent.objects.count() == events, f"{role} POST {name} wrote to the trail"
            if role == "anonymous" and before == LOGIN:
                assert response.status_code == LOGIN, f"anonymous POST {name}"
            elif before in WROTE_BEFORE and role != "anonymous":
                tried += 1
                if response.status_code != 403 or b"has been published" not in response.content:
                    refused.append(f"{role} POST {name}: {response.status_code}")
            else:
                # Whoever could not write before learns nothing new now (404 stays 404).
                assert response.status_code in (before, 403), f"{role} POST {name}"
    assert not refused, "Not refused after publication:\n" + "\n".join(refused)
    assert tried > 50  # the matrix's write URLs were really tried
