"""Every change to panels, each recording its event in the decision trail, one module per concern.

Views parse input and call one of these; import them from here (`from panels import services`).
  invitations  panels, invitations, adding members
  members      a member's profile and whether they are taking part
  consents     consents given and withdrawn
  recognition  what a member chose as thanks, their time and expenses
  conflicts    declarations of interest and the officer's decisions on them
  bid_access   guardian's `view_bid`, kept in step with the facts; `access_lost`
  assignments  who scores which bid
  checks       the checks every service makes first (shared, not for callers)

The trail names people by pseudonym only; names, emails and parents' names stay in the tables, so a
person can later be erased without breaking a chain.
"""

from panels.services.assignments import (
    apply_assignments,
    assign,
    loads,
    lot_scorers,
    plan_fingerprint,
    propose_assignments,
    unassign,
)
from panels.services.bid_access import access_lost, may_open, sync_bid_access
from panels.services.checks import CHANGING_STAGES, INVITATION_DAYS, PANEL_FIELDS
from panels.services.conflicts import (
    blocking_pair,
    current_declarations,
    decide_conflict,
    declare,
    member_lots,
    organisations,
    save_assessment,
)
from panels.services.consents import give_consent, needs_parent_consent, withdraw_consent
from panels.services.invitations import (
    accept_invitation,
    add_member,
    cancel_invitation,
    create_panel,
    invitation_for_token,
    invite,
    update_panel,
)
from panels.services.members import set_member_status, update_profile
from panels.services.recognition import add_expense, add_time, choose_recognition, record_time

__all__ = [
    "CHANGING_STAGES",
    "INVITATION_DAYS",
    "PANEL_FIELDS",
    "accept_invitation",
    "access_lost",
    "add_expense",
    "add_member",
    "add_time",
    "apply_assignments",
    "assign",
    "blocking_pair",
    "cancel_invitation",
    "choose_recognition",
    "create_panel",
    "current_declarations",
    "decide_conflict",
    "declare",
    "give_consent",
    "invitation_for_token",
    "invite",
    "loads",
    "lot_scorers",
    "may_open",
    "member_lots",
    "needs_parent_consent",
    "organisations",
    "plan_fingerprint",
    "propose_assignments",
    "record_time",
    "save_assessment",
    "set_member_status",
    "sync_bid_access",
    "unassign",
    "update_panel",
    "update_profile",
    "withdraw_consent",
]
