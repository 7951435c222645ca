from django.urls import path

from decisions import (
    award_views,
    chair_views,
    check_views,
    impact_views,
    results_views,
    signoff_views,
    urls_coproduction,
    urls_feedback,
    urls_pack,
    urls_public,
    urls_summaries,
)

app_name = "decisions"

results = "rounds/<int:pk>/results/"
chair = "my/<int:member_pk>/chair/results/"

urlpatterns = [
    # The officer's and the auditor's pages (results_views.py, impact_views.py).
    path(results, results_views.results, name="results"),
    path(f"{results}bid/<int:bid_pk>/", results_views.bid, name="bid"),
    path(f"{results}impact/", impact_views.impact, name="impact"),
    # The officer's decisions (check_views.py, award_views.py); a tie also by the lot's chair.
    path(f"{results}bid/<int:bid_pk>/checks/", check_views.check, name="checks"),
    path(f"{results}bid/<int:bid_pk>/award/", award_views.award, name="award"),
    path(f"{results}lot/<int:lot_pk>/tie/", award_views.tie, name="tie"),
    # The chair's pages (chair_views.py).
    path(chair, chair_views.chair_results, name="chair_results"),
    path(f"{chair}bid/<int:bid_pk>/", chair_views.chair_bid, name="chair_bid"),
    path(f"{chair}impact/", chair_views.chair_impact, name="chair_impact"),
    path(f"{chair}<int:lot_pk>/advice/", chair_views.advice, name="advice"),
    # Sign-off, publication and the procurement dates (signoff_views.py).
    path(f"{results}sign-off/", signoff_views.signoff_page, name="signoff"),
    path(f"{results}publish/", signoff_views.publish, name="publish"),
    path(f"{results}procurement/", signoff_views.procurement_page, name="procurement"),
    path(f"{chair}sign-off/", signoff_views.chair_signoff, name="chair_signoff"),
]
# After publication: "You said, we did", the survey and the influence report; the decision pack;
# assessment summaries; the public page and open data; the co-production report.
for _part in (urls_feedback, urls_pack, urls_summaries, urls_public, urls_coproduction):
    urlpatterns += _part.urlpatterns
