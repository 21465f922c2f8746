from django.urls import path

from notifications import settings_views, views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("preferences/", views.preferences, name="preferences"),
    path("lists/", settings_views.lists, name="lists"),
    path("lists/<int:pk>/", settings_views.list_edit, name="list"),
    path("schedules/", settings_views.schedules, name="schedules"),
    path("schedules/<int:pk>/", settings_views.schedule_edit, name="schedule"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("resubscribe/<str:token>/", views.resubscribe, name="resubscribe"),
]
