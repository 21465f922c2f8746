from django.urls import path

from members import views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("time-zone/", views.time_zone_set, name="time-zone"),
    path("tokens/", views.access_tokens, name="access-tokens"),
    path("tokens/<int:pk>/revoke/", views.access_token_revoke_view, name="access-token-revoke"),
]
