from django.urls import path

from members import sso_views, views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("time-zone/", views.time_zone_set, name="time-zone"),
    path("identities/<int:pk>/unlink/", sso_views.sso_unlink, name="sso-unlink"),
]
