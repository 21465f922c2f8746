from django.urls import path
from django.views.decorators.http import require_GET

from governance.feeds import DecisionsFeed
from governance.views import chair, drafting, motion, plan, public, voting
from kernel.public_record import public_record_view

app_name = "governance"

urlpatterns = [
    path("", public.index, name="index"),
    path("motions/", public.motions, name="motions"),
    path("motions/feed/", require_GET(public_record_view(DecisionsFeed())), name="feed"),
    path("motions/new/", drafting.motion_new, name="motion-new"),
    path("motions/<int:pk>/", motion.motion_detail, name="motion"),
    path("motions/<int:pk>/edit/", drafting.motion_edit, name="motion-edit"),
    path("motions/<int:pk>/verify/", motion.motion_verify_page, name="motion-verify"),
    path("motions/<int:pk>/record.json", motion.motion_record_json, name="motion-record-json"),
    path("motions/<int:pk>/object/", voting.motion_object, name="motion-object"),
    path("motions/<int:pk>/vote/", voting.motion_vote, name="motion-vote"),
    path("motions/<int:pk>/receipt/email/", voting.motion_receipt_email, name="motion-receipt-email"),
    path("motions/<int:pk>/stance/", voting.motion_stance, name="motion-stance"),
    path("motions/<int:pk>/withdraw-objection/", voting.motion_withdraw_objection, name="motion-withdraw-objection"),
    path("motions/<int:pk>/notice/", chair.motion_notice, name="motion-notice"),
    path("motions/<int:pk>/open/", chair.motion_open_view, name="motion-open"),
    path("motions/<int:pk>/call-vote/", chair.motion_call_vote_view, name="motion-call-vote"),
    path("motions/<int:pk>/close/", chair.motion_close_view, name="motion-close"),
    path("motions/<int:pk>/withdraw/", chair.motion_withdraw_view, name="motion-withdraw"),
    path("charter/", public.charter, name="charter"),
    path("charter/v<int:number>/", public.charter_version, name="charter-version"),
    path("charter/diff/", public.charter_diff, name="charter-diff"),
    path("roadmap/", public.roadmap, name="roadmap"),
    path("roadmap/edit/", plan.roadmap_edit, name="roadmap-edit"),
    path("roadmap/plan/new/", plan.plan_task_edit, name="plan-task-new"),
    path("roadmap/plan/<int:pk>/edit/", plan.plan_task_edit, name="plan-task-edit"),
    path("roadmap/plan/<int:pk>/delete/", plan.plan_task_delete, name="plan-task-delete"),
    path("roadmap/items/new/", plan.roadmap_item_edit, name="roadmap-item-new"),
    path("roadmap/items/<int:pk>/edit/", plan.roadmap_item_edit, name="roadmap-item-edit"),
    path("roadmap/items/<int:pk>/delete/", plan.roadmap_item_delete, name="roadmap-item-delete"),
    path("teams/", public.teams, name="teams"),
]
