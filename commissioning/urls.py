from django.urls import path

from commissioning import rubric_views, views

app_name = "commissioning"

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/stage/", views.stage_move, name="stage_move"),
    path("rounds/<int:pk>/access/", views.round_access, name="round_access"),
    path("rounds/<int:pk>/lots/new/", views.lot_create, name="lot_create"),
    path("rounds/<int:pk>/lots/<int:lot_pk>/edit/", views.lot_edit, name="lot_edit"),
    path("rounds/<int:pk>/lots/<int:lot_pk>/remove/", views.lot_remove, name="lot_remove"),
    path("rounds/<int:pk>/rubrics/new/", rubric_views.rubric_create, name="rubric_create"),
    path("rounds/<int:pk>/rubrics/<int:rubric_pk>/", rubric_views.rubric_detail, name="rubric"),
    path(
        "rounds/<int:pk>/rubrics/<int:rubric_pk>/edit/",
        rubric_views.rubric_edit,
        name="rubric_edit",
    ),
    path("rounds/<int:pk>/rubrics/<int:rubric_pk>/weights/", rubric_views.weights, name="weights"),
    path(
        "rounds/<int:pk>/rubrics/<int:rubric_pk>/criteria/new/",
        rubric_views.criterion_create,
        name="criterion_create",
    ),
    path(
        "rounds/<int:pk>/criteria/<int:criterion_pk>/edit/",
        rubric_views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "rounds/<int:pk>/criteria/<int:criterion_pk>/remove/",
        rubric_views.criterion_remove,
        name="criterion_remove",
    ),
]
