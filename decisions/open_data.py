"""A published round as open data: an OCDS 1.1 release package (procurement rounds) and a
360Giving data package (grant rounds).

Both are built from the public record (decisions/public.py), so they hold nothing the public page
does not show: funded organisations and their amounts, lots and their budgets, counts of bids;
never an unsuccessful bidder's name, never a panellist. The output is deterministic (sorted keys,
ids derived from the round, the lots and the bids, dates from the publication and the awards), so
the same round always gives the same bytes.

Identifiers come from settings, read when a document is built, with placeholders until the council
registers its own:
- OCDS_OCID_PREFIX: the OCID prefix registered with the Open Contracting Partnership; a round's
  OCID is "<prefix>-<round id>".
- GRANTNAV_ORG_PREFIX: the 360Giving prefix ("360G-..."); a grant's id is
  "<prefix>-<round id>-<bid reference>".
- FUNDER_ORG_ID and FUNDER_NAME: the council (OCDS buyer and 360Giving funding organisation), its
  id in the Organisation Identifier scheme (org-id.guide), for example "GB-LAE-XXXX".
- OPEN_DATA_LICENSE: the licence's URL (default: Open Government Licence v3.0).
"""

import json
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from bids.models import Bid
from commissioning.models import Mode, weight_text

OCDS_VERSION = "1.1"
OCDS_LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "v1.1.5/extension.json"
)
THREESIXTY_VERSION = "1.4"
CURRENCY = "GBP"


def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def grant_prefix() -> str:
    return settings.GRANTNAV_ORG_PREFIX


def funder() -> dict:
    return {
        "id": settings.FUNDER_ORG_ID,
        "name": settings.FUNDER_NAME,
    }


def licence() -> str:
    return settings.OPEN_DATA_LICENSE


def absolute(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def dumps(document: dict) -> str:
    """The document as stable JSON: sorted keys, two-space indent, UTF-8 text."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _amount(value: Decimal) -> float | int:
    """A JSON number: whole pounds as an integer, pence kept (Decimal has 2 places)."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _value(amount: Decimal) -> dict:
    return {"amount": _amount(amount), "currency": CURRENCY}


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds")


def has_ocds(round_) -> bool:
    return round_.mode == Mode.PROCUREMENT


def has_360giving(record) -> bool:
    return record.round.mode == Mode.GRANT and record.funded_count > 0


# OCDS ---------------------------------------------------------------------------------------------


def ocid(round_) -> str:
    return f"{ocid_prefix()}-{round_.pk}"


def _method_details(record) -> str:
    parts = [
        f"Scores that count: {record.method['rule']}. Tie-break: {record.method['tie_break']}."
    ]
    for rubric in record.method["rubrics"]:
        lots = ", ".join(str(lot) for lot in rubric["lots"])
        criteria = "; ".join(_criterion(row) for row in rubric["criteria"])
        parts.append(f"{lots}: {criteria}.")
    return " ".join(parts)


def _criterion(row) -> str:
    c = row["c"]
    return (
        f"{c.title} (weight {weight_text(c.weight)})" if c.weight else f"{c.title} (pass or fail)"
    )


def _suppliers(record) -> dict[str, str]:
    """Organisation name -> party id, one party per funded organisation, numbered by name."""
    names = sorted({f.organisation for part in record.lots for f in part.funded})
    return {name: f"supplier-{n}" for n, name in enumerate(names, start=1)}


def ocds_package(record) -> dict:
    """The round as one OCDS release (tender with lots, and its awards) in a release package."""
    round_, publication = record.round, record.publication
    the_ocid = ocid(round_)
    buyer = funder()
    suppliers = _suppliers(record)
    parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}] + [
        {"id": party_id, "name": name, "roles": ["supplier"]}
        for name, party_id in suppliers.items()
    ]
    lots = []
    awards = []
    for part in record.lots:
        lot_id = str(part.lot.number)
        lot = {
            "id": lot_id,
            "title": part.lot.name,
            "status": "complete" if part.funded else "unsuccessful",
            "value": _value(part.lot.budget),
        }
        if part.lot.description:
            lot["description"] = part.lot.description
        lots.append(lot)
        for f in part.funded:
            awards.append(
                {
                    "id": f"{the_ocid}-award-{f.reference}",
                    "title": f.title,
                    "description": f.summary,
                    "status": "active",
                    "date": _when(f.decided_at),
                    "value": _value(f.amount),
                    "suppliers": [{"id": suppliers[f.organisation], "name": f.organisation}],
                    "relatedLots": [lot_id],
                }
            )
    tenderers = Bid.objects.filter(lot__round=round_).values("organisation").distinct().count()
    release = {
        "ocid": the_ocid,
        "id": f"{the_ocid}-published",
        "date": _when(publication.published_at),
        "tag": ["tender", "award"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": buyer,
        "tender": {
            "id": f"{the_ocid}-tender",
            "title": round_.name,
            "description": round_.purpose,
            "status": "complete",
            "value": _value(round_.total_budget),
            "procuringEntity": buyer,
            "awardCriteria": "ratedCriteria",
            "awardCriteriaDetails": _method_details(record),
            "numberOfTenderers": tenderers,
            "lots": lots,
        },
        "awards": awards,
    }
    return {
        "uri": absolute("decisions:public_ocds", round_.pk),
        "version": OCDS_VERSION,
        "extensions": [OCDS_LOTS_EXTENSION],
        "publishedDate": _when(publication.published_at),
        "publisher": {"name": buyer["name"], "scheme": "org-id.guide", "uid": buyer["id"]},
        "license": licence(),
        "releases": [release],
    }


# 360Giving ----------------------------------------------------------------------------------------


def _org_id(name: str) -> str:
    """Recipients have no registered number here, so the 360Giving guidance's fallback: an id
    from the funder's own records under its prefix (the same name gives the same id)."""
    return f"{grant_prefix()}-org-{slugify(name) or 'unnamed'}"


def threesixty_package(record) -> dict:
    """Each funded bid of a grant round as a 360Giving grant, in a data package."""
    round_, publication = record.round, record.publication
    funding = funder()
    page = absolute("decisions:public", round_.pk)
    programme = {"code": f"round-{round_.pk}", "title": round_.name, "url": page}
    grants = []
    for part in record.lots:
        for f in part.funded:
            grants.append(
                {
                    "id": f"{grant_prefix()}-{round_.pk}-{f.reference}",
                    "title": f.title,
                    "description": f.summary,
                    "currency": CURRENCY,
                    "amountAppliedFor": _amount(f.amount_requested),
                    "amountAwarded": _amount(f.amount),
                    "awardDate": timezone.localdate(f.decided_at).isoformat(),
                    "recipientOrganization": [
                        {"id": _org_id(f.organisation), "name": f.organisation}
                    ],
                    "fundingOrganization": [funding],
                    "grantProgramme": [programme],
                    "dataSource": page,
                    "dateModified": _when(publication.published_at),
                }
            )
    return {
        "version": THREESIXTY_VERSION,
        "title": f"{round_.name}: grants awarded",
        "description": f"The grants awarded in {round_.name}, decided with a panel of young "
        "people and professionals.",
        "identifier": f"{grant_prefix()}-{round_.pk}",
        "issued": _when(publication.published_at),
        "modified": _when(publication.published_at),
        "publisher": {"identifier": funding["id"], "name": funding["name"]},
        "license": licence(),
        "accessURL": page,
        "downloadURL": absolute("decisions:public_360giving", round_.pk),
        "grants": grants,
    }
