"""Turning the trail's pseudonyms back into names, for people allowed to see them."""

from django.contrib.auth import get_user_model


def actor_names(refs) -> dict[str, str]:
    """{"user:<uuid>": "Dana Whitfield"} for the given refs, in one query."""
    ids = [ref.split(":", 1)[1] for ref in set(refs) if ref.startswith("user:")]
    users = get_user_model().objects.filter(pseudonym__in=ids).only("pseudonym", "display_name")
    names = {f"user:{u.pseudonym}": (u.display_name or "Erased person") for u in users}
    names["system"] = "The system"
    return names


def round_actor_names(round_) -> dict[str, str]:
    from audit.models import AuditEvent

    return actor_names(
        # order_by(): the model's ordering (chain, seq) would join the DISTINCT, one row per event
        AuditEvent.objects.for_round(round_).order_by().values_list("actor", flat=True).distinct()
    )
