from django.urls import path

from scoring import chair_views, check_views, member_views, officer_views

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
