"""URLs of this part of decisions (merged into decisions/urls.py): the co-production report."""

from django.urls import path

from decisions import coproduction_views

urlpatterns = [
    path(
        "rounds/<int:pk>/results/co-production/",
        coproduction_views.report,
        name="coproduction",
    ),
]
