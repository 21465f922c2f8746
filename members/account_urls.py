from django.urls import path

from members import views

urlpatterns = [
    path("", views.profile, name="profile"),
]
