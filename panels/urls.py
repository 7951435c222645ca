from django.urls import path

from panels import (
    glossary_views,
    member_consent_views,
    member_views,
    officer_conflict_views,
    officer_views,
)

app_name = "panels"

officer = "rounds/<int:pk>/panel/"
mine = "my/<int:member_pk>/"

urlpatterns = [
    # The officer's pages (panels/officer_views.py, officer_conflict_views.py).
    path(officer, officer_views.panels, name="panels"),
    path(f"{officer}new/", officer_views.panel_create, name="panel_create"),
    path(f"{officer}<int:panel_pk>/edit/", officer_views.panel_edit, name="panel_edit"),
    path(f"{officer}<int:panel_pk>/invite/", officer_views.invite, name="invite"),
    path(f"{officer}<int:panel_pk>/add/", officer_views.member_add, name="member_add"),
    path(
        f"{officer}invitations/<int:invitation_pk>/cancel/",
        officer_views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(f"{officer}members/<int:m_pk>/", officer_views.member, name="member"),
    path(f"{officer}members/<int:m_pk>/status/", officer_views.member_status, name="member_status"),
    path(f"{officer}members/<int:m_pk>/time/", officer_views.time_add, name="time_add"),
    path(f"{officer}members/<int:m_pk>/expenses/", officer_views.expense_add, name="expense_add"),
    path(
        f"{officer}members/<int:m_pk>/consents/",
        officer_views.consent_record,
        name="consent_record",
    ),
    path(f"{officer}conflicts/", officer_conflict_views.conflicts, name="conflicts"),
    path(
        f"{officer}conflicts/<int:declaration_pk>/",
        officer_conflict_views.conflict_decide,
        name="conflict_decide",
    ),
    path(f"{officer}conflicts/assessment/", officer_conflict_views.assessment, name="assessment"),
    path(
        f"{officer}lots/<int:lot_pk>/assignments/",
        officer_conflict_views.assignments,
        name="assignments",
    ),
    # The words panellists meet, in plain English (open to anyone).
    path("glossary/", glossary_views.glossary, name="glossary"),
    # A panel member's own pages (panels/member_views.py).
    path("invitations/<str:token>/", member_views.accept, name="accept"),
    path(mine, member_views.dashboard, name="dashboard"),
    path(f"{mine}profile/", member_views.profile, name="profile"),
    path(f"{mine}consents/", member_consent_views.consents, name="consents"),
    path(
        f"{mine}consents/<int:consent_pk>/withdraw/",
        member_consent_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(f"{mine}lots/<int:lot_pk>/declare/", member_views.declare, name="declare"),
    path(f"{mine}bids/", member_views.my_bids, name="my_bids"),
    path(f"{mine}bids/<int:bid_pk>/", member_views.bid, name="bid"),
    path(
        f"{mine}bids/<int:bid_pk>/documents/<int:document_pk>/",
        member_views.bid_document,
        name="bid_document",
    ),
    path(f"{mine}recognition/", member_views.recognition, name="recognition"),
    path(f"{mine}certificate/", member_views.certificate, name="certificate"),
]
