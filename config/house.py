"""The house: the project's apps from the ground up (docs/architecture.md draws it).

Each app may import the apps listed before it, never the ones after it. config and tests stand
outside the house: they may import any app, and the apps may import config's helpers.
tests/test_architecture.py holds the code to this order.
"""

APPS_BOTTOM_UP = [
    "accounts",
    "audit",
    "commissioning",
    "bids",
    "panels",
    "training",
    "scoring",
    "decisions",
    "demo",
]
