"""The decision trail's pages, under their own "audit" namespace (the views are round pages)."""

from django.urls import path

from commissioning import trail_views as views

app_name = "audit"

urlpatterns = [
    path("rounds/<int:pk>/trail/", views.trail, name="trail"),
    path("rounds/<int:pk>/trail/check/", views.full_check, name="full_check"),
    path("rounds/<int:pk>/trail/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("rounds/<int:pk>/trail/export.jsonl", views.export_jsonl, name="export_jsonl"),
]
