from django.urls import path

from training import member_views, officer_views

app_name = "training"

officer = "rounds/<int:pk>/training/"
mine = "my/<int:member_pk>/training/"

urlpatterns = [
    # The officer's pages (training/officer_views.py).
    path(officer, officer_views.modules, name="modules"),
    path(f"{officer}new/", officer_views.module_create, name="module_create"),
    path(f"{officer}<int:module_pk>/edit/", officer_views.module_edit, name="module_edit"),
    path(
        f"{officer}<int:module_pk>/questions/new/",
        officer_views.question_create,
        name="question_create",
    ),
    path(
        f"{officer}questions/<int:question_pk>/edit/",
        officer_views.question_edit,
        name="question_edit",
    ),
    path(f"{officer}practice/", officer_views.practice_edit, name="practice_edit"),
    path(f"{officer}progress/", officer_views.progress, name="progress"),
    # A panel member's own pages (training/member_views.py).
    path(mine, member_views.task_list, name="task_list"),
    path(f"{mine}<int:module_pk>/", member_views.module, name="module"),
    path(f"{mine}practice/", member_views.practice, name="practice"),
    path(f"{mine}practice/result/", member_views.practice_result, name="practice_result"),
]
