"""URLs of this part of decisions (merged into decisions/urls.py): the public record of published
rounds and their open data. No login; every other round answers 404."""

from django.urls import path

from decisions import public_views

published = "published/<int:pk>/"

urlpatterns = [
    path("published/", public_views.public_index, name="public_index"),
    path(published, public_views.public_round, name="public"),
    path(f"{published}ocds.json", public_views.public_ocds, name="public_ocds"),
    path(f"{published}360giving.json", public_views.public_360giving, name="public_360giving"),
]
