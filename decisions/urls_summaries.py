"""URLs of this part of decisions (merged into decisions/urls.py): assessment summaries."""

from django.urls import path

from decisions import summary_views

summaries = "rounds/<int:pk>/results/assessment-summaries/"

urlpatterns = [
    path(summaries, summary_views.summaries_page, name="summaries"),
    path(f"{summaries}download/", summary_views.download, name="summaries_download"),
    path(f"{summaries}<int:bid_pk>/", summary_views.summary, name="summary"),
]
