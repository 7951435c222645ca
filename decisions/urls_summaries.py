"""URLs of this part of decisions (merged into decisions/urls.py)."""

urlpatterns = []
