from django.urls import path
from django.views.decorators.http import require_GET

from lcoo_portal.public_record import public_record_view
from meetings import delete_views, views
from meetings.feeds import PublishedFeed

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.meeting_create, name="create"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/close/", views.action_close, name="action-close"),
    path("search/", views.search, name="search"),
    path("feed/", require_GET(public_record_view(PublishedFeed())), name="feed"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("calendar/<str:kind>.ics", views.calendar_ics, name="calendar-kind"),
    path("series/", views.series_list, name="series-list"),
    path("series/new/", views.series_edit, name="series-create"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/edit/", views.series_edit, name="series-edit"),
    path("series/<slug:slug>/generate/", views.series_generate, name="series-generate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="meeting-ics"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/delete/", delete_views.meeting_delete, name="delete"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/publish/", views.agenda_publish, name="agenda-publish"),
    path("<int:pk>/agenda/<int:item_pk>/", views.agenda_item_edit, name="agenda-item"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", views.agenda_item_delete, name="agenda-item-delete"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/minutes/import/", views.minutes_import, name="minutes-import"),
    path("<int:pk>/minutes/publish/", views.minutes_publish, name="minutes-publish"),
    path("<int:pk>/errata/", views.erratum_add, name="erratum-add"),
    path("<int:pk>/minutes/attendees/", views.attendance_add, name="attendance-add"),
    path("<int:pk>/minutes/decisions/", views.decision_add, name="decision-add"),
    path("<int:pk>/minutes/actions/", views.action_add, name="action-add"),
    path("<int:pk>/minutes/<str:what>/<int:row_pk>/", views.minutes_row_edit, name="minutes-row"),
    path("<int:pk>/minutes/<str:what>/<int:row_pk>/move/", views.minutes_row_move, name="minutes-row-move"),
    path(
        "<int:pk>/minutes/<str:what>/<int:row_pk>/remove/",
        views.minutes_remove,
        name="minutes-remove",
    ),
]
