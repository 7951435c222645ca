"""Who may do what with a round: the one place views and services ask.

Officers hold `manage_round` on each round they run; auditors hold `audit_round` on each round they
are given. Anyone else gets a 404, so a round's existence is not given away; someone who can see a
round but not do the thing they asked gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from commissioning.models import Round

MANAGE = "manage_round"
AUDIT = "audit_round"
READ = {MANAGE, AUDIT}
ANY = None  # for read-only pages: any of READ will do
CREATE_ROUNDS = "commissioning.add_round"
OFFICERS_GROUP = "Procurement officers"


def can_create_rounds(user) -> bool:
    return user.is_authenticated and user.has_perm(CREATE_ROUNDS)


def round_perms(user, round_) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(ObjectPermissionChecker(user).get_perms(round_))


def get_round_for(user, pk, perm: str | None = MANAGE, queryset=None) -> Round:
    """The round if `user` holds `perm` on it (any read permission if perm is ANY).

    404 if they cannot see the round at all, so its existence is not given away; 403 if they can
    read it but not do this.
    """
    round_ = get_object_or_404(queryset if queryset is not None else Round.objects.all(), pk=pk)
    perms = round_perms(user, round_)
    if not perms & READ:
        raise Http404("No such round")
    if perm is not ANY and perm not in perms:
        raise PermissionDenied("You can read this round but not change it.")
    round_.user_perms = perms
    return round_


def rounds_visible_to(user):
    if not user.is_authenticated:
        return Round.objects.none()
    return get_objects_for_user(
        user,
        [f"commissioning.{p}" for p in sorted(READ)],
        klass=Round,
        any_perm=True,
        accept_global_perms=False,
        with_superuser=True,
    )
