"""Signing off and publishing a decided round through the services (so the trail is real):
`sign_everything` for tests that need a round past decided (tests/factories.py: advance), and the
demo's last step (demo/scenario.py)."""

from decisions import signoff
from decisions.models import SignOffRole


def sign_everything(round_, officer):
    """The officer's signature, then each panel chair's, for every one still missing."""
    for need in signoff.missing(round_):
        if need.role == SignOffRole.OFFICER:
            signoff.sign(round_, by=officer, role=need.role, agree=True)
        else:
            signoff.sign(round_, by=need.chair.user, role=need.role, panel=need.panel, agree=True)
