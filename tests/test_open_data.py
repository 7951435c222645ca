"""Open data of a published round, checked against the structures the standards publish:

- OCDS 1.1 (procurement rounds): tests/data/ocds/ holds release-package-schema.json and
  release-schema.json from open-contracting/standard, branch 1.1 (1.1.5, commit 715687a4), and the
  lots extension's release-schema.json (open-contracting-extensions/ocds_lots_extension, tag
  v1.1.5, commit 73076421), applied to the release schema as a JSON Merge Patch, the way OCDS
  extensions are meant to be applied.
- 360Giving (grant rounds): tests/data/360giving/ holds 360-giving-package-schema.json and
  360-giving-schema.json from ThreeSixtyGiving/standard, tag 1.4.3 (commit bc440626).

Every $ref between these files is resolved locally (no network in tests), and formats (date-time,
uri) are checked, not only noted.
"""

import json
from copy import deepcopy
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from commissioning.models import Mode, Stage
from tests.factories import make_round
from tests.test_public_page import UNLUCKY, publish, published  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if "T" not in value:
        raise ValueError("a date-time has a T between date and time")
    if datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is None:
        raise ValueError("a date-time has a time zone")
    return True


@FORMATS.checks("uri")
def _uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and " " not in value


def _load(*parts):
    return json.loads((DATA.joinpath(*parts)).read_text(encoding="utf-8"))


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch: how an OCDS extension's schema is applied to the release schema."""
    if not isinstance(patch, dict):
        return deepcopy(patch)
    out = deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def ocds_validator():
    package = _load("ocds", "release-package-schema.json")
    release = merge_patch(
        _load("ocds", "release-schema.json"), _load("ocds", "lots-extension-release-schema.json")
    )
    resource = Resource.from_contents(release, default_specification=DRAFT4)
    registry = Registry().with_resource(release["id"], resource)
    return Draft4Validator(package, registry=registry, format_checker=FORMATS)


def threesixty_validator():
    package = _load("360giving", "360-giving-package-schema.json")
    grant = _load("360giving", "360-giving-schema.json")
    resource = Resource.from_contents(grant, default_specification=DRAFT202012)
    registry = Registry().with_resource(grant["$id"], resource)
    return Draft202012Validator(package, registry=registry, format_checker=FORMATS)


def _errors(validator, document):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def _get(client, name, round_):
    response = client.get(reverse(name, args=[round_.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content.decode()


def test_the_schemas_are_the_published_ones():
    assert _load("ocds", "release-schema.json")["id"].endswith("/1__1__5/release-schema.json")
    lots = _load("ocds", "lots-extension-release-schema.json")
    assert "Lot" in lots["definitions"]
    grant = _load("360giving", "360-giving-schema.json")
    assert grant["title"] == "360Giving Data Standard Schema"


def test_ocds_release_package_is_valid_and_names_only_the_funded(published, client, settings):  # noqa: F811
    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    settings.FUNDER_ORG_ID = "GB-LAE-TEST"
    settings.FUNDER_NAME = "Test Borough Council"
    body = _get(client, "decisions:public_ocds", published)
    package = json.loads(body)
    assert _errors(ocds_validator(), package) == []
    # Stable bytes: sorted keys, and the same document every time.
    assert body == json.dumps(package, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert _get(client, "decisions:public_ocds", published) == body
    [release] = package["releases"]
    assert release["ocid"] == f"ocds-abc123-{published.pk}"
    assert release["buyer"] == {"id": "GB-LAE-TEST", "name": "Test Borough Council"}
    assert release["tender"]["numberOfTenderers"] == 3
    assert [lot["id"] for lot in release["tender"]["lots"]] == ["1", "2"]
    assert {lot["status"] for lot in release["tender"]["lots"]} == {"complete"}
    awards = release["awards"]
    assert sorted(a["suppliers"][0]["name"] for a in awards) == [
        "Organisation 1-1",
        "Organisation 2-1",
    ]
    assert {a["value"]["amount"] for a in awards} == {50000}
    assert {a["relatedLots"][0] for a in awards} == {"1", "2"}
    assert UNLUCKY not in body
    supplier_ids = {p["id"] for p in release["parties"] if "supplier" in p["roles"]}
    assert supplier_ids == {a["suppliers"][0]["id"] for a in awards}


def test_the_validator_catches_a_broken_release(published, client):  # noqa: F811
    package = json.loads(_get(client, "decisions:public_ocds", published))
    broken = deepcopy(package)
    broken["releases"][0]["tender"]["lots"][0]["status"] = "funded"  # not in tenderStatus
    del broken["releases"][0]["ocid"]
    broken["publishedDate"] = "yesterday"
    errors = _errors(ocds_validator(), broken)
    assert len(errors) == 3, errors


@pytest.fixture
def grant_round(officer_user):
    round_ = make_round(officer_user, mode=Mode.GRANT, name="Small grants 2027", bids=2)
    return publish(round_, officer_user)


def test_360giving_package_is_valid(grant_round, client, settings):
    settings.GRANTNAV_ORG_PREFIX = "360G-testcouncil"
    settings.FUNDER_ORG_ID = "GB-LAE-TEST"
    body = _get(client, "decisions:public_360giving", grant_round)
    package = json.loads(body)
    assert _errors(threesixty_validator(), package) == []
    assert body == json.dumps(package, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    grants = package["grants"]
    assert len(grants) == 4  # two bids of £50,000 fit each £100,000 lot
    assert all(g["id"].startswith(f"360G-testcouncil-{grant_round.pk}-") for g in grants)
    assert len({g["id"] for g in grants}) == 4
    assert {g["amountAwarded"] for g in grants} == {50000}
    assert {g["fundingOrganization"][0]["id"] for g in grants} == {"GB-LAE-TEST"}
    assert sum(Decimal(str(g["amountAwarded"])) for g in grants) == Decimal("200000")
    # A grant round has no OCDS release; its page links the 360Giving file instead.
    assert client.get(reverse("decisions:public_ocds", args=[grant_round.pk])).status_code == 404
    html = client.get(reverse("decisions:public", args=[grant_round.pk])).content.decode()
    assert reverse("decisions:public_360giving", args=[grant_round.pk]) in html


def test_the_360giving_validator_catches_a_broken_grant(grant_round, client):
    package = json.loads(_get(client, "decisions:public_360giving", grant_round))
    broken = deepcopy(package)
    del broken["grants"][0]["recipientOrganization"]
    broken["grants"][1]["awardDate"] = "1 March 2027"
    assert len(_errors(threesixty_validator(), broken)) == 2


def test_open_data_needs_a_published_round(officer_user, client):
    round_ = make_round(officer_user, mode=Mode.GRANT)
    assert round_.stage == Stage.DRAFT
    for name in ("decisions:public_ocds", "decisions:public_360giving"):
        assert client.get(reverse(name, args=[round_.pk])).status_code == 404
