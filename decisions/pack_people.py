"""Who the decision pack calls each panel member: "Panellist 1", "Panellist 2"... in a stable
order (member pk, across the round's panels), or their name when the officer asked for names AND
the member has a live consent to be named (panels ConsentKind.NAMED, not withdrawn).

Two queries, whatever the panel's size.
"""

from dataclasses import dataclass, field

from panels.models import Consent, ConsentKind, Member


@dataclass
class People:
    labels: dict[int, str] = field(default_factory=dict)  # member pk -> how the pack names them
    members: list = field(default_factory=list)  # Member rows (with panel), by pk
    by_user: dict[tuple[int, int], int] = field(default_factory=dict)  # (panel, user) -> member
    named: int = 0  # how many members are shown by name

    def label(self, member_pk) -> str:
        if member_pk is None:
            return ""
        return self.labels.get(member_pk, "A former panel member")

    def labels_of(self, member_pks) -> str:
        return ", ".join(sorted((self.label(pk) for pk in member_pks), key=_natural))

    def for_user(self, panel_pk, user_pk) -> str:
        member = self.by_user.get((panel_pk, user_pk))
        return self.label(member) if member else ""


def _natural(label: str):
    head, _, tail = label.rpartition(" ")
    return (head, int(tail)) if tail.isdigit() else (label, 0)


def pseudonym(n: int) -> str:
    return f"Panellist {n}"


def people(round_, include_names: bool) -> People:
    members = list(
        Member.objects.filter(panel__round=round_).select_related("panel", "user").order_by("pk")
    )
    consented = set()
    if include_names:
        consented = set(
            Consent.objects.filter(
                member__panel__round=round_, kind=ConsentKind.NAMED, withdrawn_at=None
            ).values_list("member_id", flat=True)
        )
    out = People(members=members)
    for n, member in enumerate(members, start=1):
        name = member.user.display_name if member.user_id else ""
        if member.pk in consented and name:
            out.labels[member.pk] = f"{name} ({pseudonym(n)})"
            out.named += 1
        else:
            out.labels[member.pk] = pseudonym(n)
        if member.user_id:
            out.by_user[(member.panel_id, member.user_id)] = member.pk
    return out
