from django.urls import path

from scoring import (
    chair_views,
    check_views,
    consensus_chair_item_views,
    consensus_chair_lot_views,
    consensus_chair_views,
    consensus_member_record_views,
    consensus_member_views,
    consensus_officer_views,
    consensus_present_views,
    member_views,
    officer_views,
)

app_name = "scoring"

mine = "my/<int:member_pk>/"

urlpatterns = [
    # A panellist's scoring (scoring/member_views.py, check_views.py).
    path(f"{mine}scoring/", member_views.dashboard, name="dashboard"),
    path(f"{mine}scoring/<int:bid_pk>/", member_views.sheet, name="sheet"),
    path(f"{mine}scoring/<int:bid_pk>/check/", check_views.check, name="check"),
    # The chair's view of their panel (scoring/chair_views.py).
    path(f"{mine}chair/", chair_views.progress, name="chair_progress"),
    path(f"{mine}chair/sheets/<int:sheet_pk>/", chair_views.sheet, name="chair_sheet"),
    path(f"{mine}chair/sheets/<int:sheet_pk>/reopen/", chair_views.reopen, name="reopen"),
    # The officer's pages (scoring/officer_views.py).
    path("rounds/<int:pk>/scoring/", officer_views.progress, name="progress"),
    path("rounds/<int:pk>/scoring/deadline/", officer_views.deadline, name="deadline"),
]

# The consensus meeting. The chair's pages (scoring/consensus_chair_views.py), what the chair does
# to one item (consensus_chair_item_views.py) and for a whole lot (consensus_chair_lot_views.py).
chair = f"{mine}chair/consensus/"
urlpatterns += [
    path(chair, consensus_chair_views.lots, name="consensus_lots"),
    path(f"{chair}<int:lot_pk>/", consensus_chair_views.agenda, name="consensus_agenda"),
    path(f"{chair}bid/<int:bid_pk>/", consensus_chair_views.bid, name="consensus_bid"),
    path(
        f"{chair}bid/<int:bid_pk>/<int:criterion_pk>/record/",
        consensus_chair_item_views.record,
        name="consensus_record",
    ),
    path(
        f"{chair}bid/<int:bid_pk>/<int:criterion_pk>/discussed/",
        consensus_chair_item_views.tick,
        name="consensus_tick",
    ),
    path(
        f"{chair}bid/<int:bid_pk>/<int:criterion_pk>/show/",
        consensus_chair_item_views.show,
        name="consensus_show",
    ),
    path(
        f"{chair}<int:lot_pk>/confirm/<int:other_pk>/",
        consensus_chair_lot_views.confirm_for,
        name="consensus_confirm_for",
    ),
    path(f"{chair}<int:lot_pk>/meeting/", consensus_chair_lot_views.meeting, name="chair_meeting"),
]

# A member's pages: the meeting and the panel's scores without names
# (scoring/consensus_member_views.py), confirming the record (consensus_member_record_views.py), and
# the presentation view that follows the chair (consensus_present_views.py).
meet = f"{mine}meeting/"
urlpatterns += [
    path(meet, consensus_member_views.home, name="meeting"),
    path(f"{meet}<int:lot_pk>/attendance/", consensus_member_views.attendance, name="attendance"),
    path(f"{meet}bid/<int:bid_pk>/", consensus_member_views.bid, name="consensus_view"),
    path(f"{meet}<int:lot_pk>/confirm/", consensus_member_record_views.confirm, name="confirm"),
    path(f"{meet}<int:lot_pk>/present/", consensus_present_views.present, name="present"),
    path(
        f"{meet}<int:lot_pk>/present/now/", consensus_present_views.present_now, name="present_now"
    ),
]

# The officer's pages (scoring/consensus_officer_views.py); an auditor reads the overview.
urlpatterns += [
    path("rounds/<int:pk>/consensus/", consensus_officer_views.overview, name="consensus_overview"),
    path(
        "rounds/<int:pk>/consensus/<int:lot_pk>/meeting/",
        consensus_officer_views.meeting,
        name="meeting_plan",
    ),
    path(
        "rounds/<int:pk>/consensus/bid/<int:bid_pk>/deputy/",
        consensus_officer_views.deputy,
        name="deputy",
    ),
]
