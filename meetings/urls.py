from django.urls import path
from django.views.decorators.http import require_GET

from kernel.public_record import public_record_view
from meetings.feeds import PublishedFeed
from meetings.views import (
    actions,
    agenda,
    archive,
    calendars,
    delete,
    errata,
    exports,
    log_import,
    minutes,
    public,
    series,
)

app_name = "meetings"

urlpatterns = [
    path("", public.index, name="index"),
    path("new/", agenda.meeting_create, name="create"),
    path("actions/", actions.actions, name="actions"),
    path("actions/<int:pk>/close/", actions.action_close, name="action-close"),
    path("feed/", require_GET(public_record_view(PublishedFeed())), name="feed"),
    path("subscribe/", calendars.subscribe, name="subscribe"),
    path("archive-import/", archive.archive_import_view, name="archive-import"),
    path("calendar.ics", calendars.calendar_ics, name="calendar"),
    path("calendar/<str:kind>.ics", calendars.calendar_ics, name="calendar-kind"),
    path("series/", series.series_list, name="series-list"),
    path("series/new/", series.series_edit, name="series-create"),
    path("series/<slug:slug>/", series.series_detail, name="series"),
    path("series/<slug:slug>/edit/", series.series_edit, name="series-edit"),
    path("series/<slug:slug>/generate/", series.series_generate, name="series-generate"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/meeting.ics", calendars.meeting_ics, name="meeting-ics"),
    path("<int:pk>/minutes.md", exports.minutes_markdown, name="minutes-md"),
    path("<int:pk>/record.csv", exports.record_csv, name="record-csv"),
    path("<int:pk>/edit/", agenda.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", agenda.meeting_cancel, name="cancel"),
    path("<int:pk>/delete/", delete.meeting_delete, name="delete"),
    path("<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("<int:pk>/agenda/publish/", agenda.agenda_publish, name="agenda-publish"),
    path("<int:pk>/agenda/<int:item_pk>/", agenda.agenda_item_edit, name="agenda-item"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", agenda.agenda_item_delete, name="agenda-item-delete"),
    path("<int:pk>/agenda/<int:item_pk>/move/", agenda.agenda_item_move, name="agenda-item-move"),
    path("<int:pk>/minutes/", minutes.minutes_edit, name="minutes"),
    path("<int:pk>/minutes/import/", log_import.minutes_import, name="minutes-import"),
    path("<int:pk>/minutes/publish/", minutes.minutes_publish, name="minutes-publish"),
    path("<int:pk>/errata/", errata.erratum_add, name="erratum-add"),
    path("<int:pk>/minutes/attendees/", minutes.attendance_add, name="attendance-add"),
    path("<int:pk>/minutes/attendance/<int:row_pk>/remove/", minutes.attendance_remove, name="attendance-remove"),
    path("<int:pk>/minutes/decisions/", minutes.decision_add, name="decision-add"),
    path("<int:pk>/minutes/decision/<int:row_pk>/", minutes.decision_edit, name="decision-edit"),
    path("<int:pk>/minutes/decision/<int:row_pk>/move/", minutes.decision_move, name="decision-move"),
    path("<int:pk>/minutes/decision/<int:row_pk>/remove/", minutes.decision_remove, name="decision-remove"),
    path("<int:pk>/minutes/actions/", minutes.action_add, name="action-add"),
    path("<int:pk>/minutes/action/<int:row_pk>/", minutes.action_edit, name="action-edit"),
    path("<int:pk>/minutes/action/<int:row_pk>/move/", minutes.action_move, name="action-move"),
    path("<int:pk>/minutes/action/<int:row_pk>/remove/", minutes.action_remove, name="action-remove"),
]
