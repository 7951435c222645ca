"""URLs of "You said, we did", the survey and the influence report (merged into decisions/urls.py)."""

from django.urls import path

from decisions import feedback_email, feedback_views, influence_views  # noqa: F401

# feedback_email connects the round_published receiver that emails the panel (decisions.apps
# should import it in ready() too, so it is connected before any URL is resolved).

urlpatterns = [
    path(
        "my/<int:member_pk>/you-said-we-did/",
        feedback_views.you_said,
        name="you_said",
    ),
    path(
        "my/<int:member_pk>/you-said-we-did/survey/",
        feedback_views.survey_page,
        name="survey",
    ),
    path(
        "rounds/<int:pk>/results/feedback/",
        feedback_views.feedback_message,
        name="feedback_message",
    ),
    path(
        "rounds/<int:pk>/results/influence/",
        influence_views.influence,
        name="influence",
    ),
    path(
        "my/<int:member_pk>/chair/results/influence/",
        influence_views.chair_influence,
        name="chair_influence",
    ),
]
