from django.urls import path

from members import import_views, sso_views, team_views, views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.company_new, name="new"),
    path("compliance.csv", views.compliance_csv, name="compliance-csv"),
    path("directory.csv", import_views.directory_csv, name="directory-csv"),
    path("import/", import_views.directory_import_view, name="import"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("teams/", team_views.teams, name="teams"),
    path("teams/<slug:slug>/", team_views.team, name="team"),
    path("teams/<slug:slug>/members/", team_views.team_member_add_view, name="team-member-add"),
    path("teams/<slug:slug>/members/<int:pk>/lead/", team_views.team_member_lead_view, name="team-member-lead"),
    path("teams/<slug:slug>/members/<int:pk>/end/", team_views.team_member_end_view, name="team-member-end"),
    path("invitations/<str:token>/sso/<str:provider_id>/", sso_views.invitation_sso, name="invitation-sso"),
    path("<slug:slug>/", views.company, name="company"),
    path("<slug:slug>/edit/", views.company_edit, name="edit"),
    path("<slug:slug>/roles/", views.company_roles, name="roles"),
    path("<slug:slug>/roles/<int:pk>/end/", views.role_end_view, name="role-end"),
    path("<slug:slug>/people/<int:pk>/end/", views.affiliation_end_view, name="affiliation-end"),
    path("<slug:slug>/status/", views.company_status, name="status"),
    path("<slug:slug>/invitations/<int:pk>/cancel/", views.invitation_cancel_view, name="invitation-cancel"),
    path("<slug:slug>/invitations/<int:pk>/resend/", views.invitation_resend_view, name="invitation-resend"),
]
