"""URLs of the decision pack (merged into decisions/urls.py)."""

from django.urls import path

from decisions import pack_views

urlpatterns = [
    path("rounds/<int:pk>/results/decision-pack/", pack_views.pack_page, name="pack"),
]
