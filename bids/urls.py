from django.urls import path

from bids import import_views, views

app_name = "bids"

urlpatterns = [
    path("rounds/<int:pk>/bids/", views.register, name="register"),
    path("rounds/<int:pk>/bids/export.xlsx", views.register_xlsx, name="register_xlsx"),
    path("rounds/<int:pk>/bids/new/", views.bid_create, name="bid_create"),
    path("rounds/<int:pk>/bids/import/", import_views.import_upload, name="import"),
    path(
        "rounds/<int:pk>/bids/import/template.xlsx",
        import_views.import_template,
        name="import_template",
    ),
    path(
        "rounds/<int:pk>/bids/import/confirm/",
        import_views.import_confirm,
        name="import_confirm",
    ),
    path("rounds/<int:pk>/bids/<int:bid_pk>/", views.bid_detail, name="bid"),
    path("rounds/<int:pk>/bids/<int:bid_pk>/edit/", views.bid_edit, name="bid_edit"),
    path("rounds/<int:pk>/bids/<int:bid_pk>/status/", views.bid_status, name="bid_status"),
    path(
        "rounds/<int:pk>/bids/<int:bid_pk>/documents/new/",
        views.document_upload,
        name="document_upload",
    ),
    path(
        "rounds/<int:pk>/bids/<int:bid_pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path("rounds/<int:pk>/bids/<int:bid_pk>/help/new/", views.reading_help_create, name="help"),
    path(
        "rounds/<int:pk>/bids/<int:bid_pk>/clarifications/new/",
        views.clarification_create,
        name="clarification",
    ),
    path(
        "rounds/<int:pk>/bids/<int:bid_pk>/clarifications/<int:clarification_pk>/answer/",
        views.clarification_answer,
        name="clarification_answer",
    ),
]
