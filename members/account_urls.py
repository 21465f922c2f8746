from django.urls import path

from members import views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("time-zone/", views.time_zone_set, name="time-zone"),
    path("security/", views.account_security, name="account-security"),
]
