from django.urls import path

from governance import plan_views, views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("motions/", views.motions, name="motions"),
    path("motions/new/", views.motion_new, name="motion-new"),
    path("motions/<int:pk>/", views.motion_detail, name="motion"),
    path("motions/<int:pk>/edit/", views.motion_edit, name="motion-edit"),
    path("motions/<int:pk>/verify/", views.motion_verify_page, name="motion-verify"),
    path("motions/<int:pk>/record.json", views.motion_record_json, name="motion-record-json"),
    path("motions/<int:pk>/object/", views.motion_object, name="motion-object"),
    path("motions/<int:pk>/vote/", views.motion_vote, name="motion-vote"),
    path("motions/<int:pk>/receipt/email/", views.motion_receipt_email, name="motion-receipt-email"),
    path("motions/<int:pk>/stance/", views.motion_stance, name="motion-stance"),
    path("motions/<int:pk>/withdraw-objection/", views.motion_withdraw_objection, name="motion-withdraw-objection"),
    path("motions/<int:pk>/notice/", views.motion_notice, name="motion-notice"),
    path("motions/<int:pk>/open/", views.motion_open_view, name="motion-open"),
    path("motions/<int:pk>/call-vote/", views.motion_call_vote_view, name="motion-call-vote"),
    path("motions/<int:pk>/close/", views.motion_close_view, name="motion-close"),
    path("motions/<int:pk>/withdraw/", views.motion_withdraw_view, name="motion-withdraw"),
    path("charter/", views.charter, name="charter"),
    path("charter/v<int:number>/", views.charter_version, name="charter-version"),
    path("charter/diff/", views.charter_diff, name="charter-diff"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("roadmap/edit/", plan_views.roadmap_edit, name="roadmap-edit"),
    path("roadmap/plan/new/", plan_views.plan_task_edit, name="plan-task-new"),
    path("roadmap/plan/<int:pk>/edit/", plan_views.plan_task_edit, name="plan-task-edit"),
    path("roadmap/plan/<int:pk>/delete/", plan_views.plan_task_delete, name="plan-task-delete"),
    path("roadmap/items/new/", plan_views.roadmap_item_edit, name="roadmap-item-new"),
    path("roadmap/items/<int:pk>/edit/", plan_views.roadmap_item_edit, name="roadmap-item-edit"),
    path("roadmap/items/<int:pk>/delete/", plan_views.roadmap_item_delete, name="roadmap-item-delete"),
    path("teams/", views.teams, name="teams"),
]
