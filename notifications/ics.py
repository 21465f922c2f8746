"""The iCalendar (.ics) attachment of a meeting's mail, built by meetings' own calendar code."""

from meetings.ics import meetings_calendar
from meetings.models import Meeting


def meeting_ics_attachment(meeting: Meeting) -> dict:
    content = meetings_calendar([meeting], name=meeting.title).decode()
    return {"filename": "meeting.ics", "content": content, "mimetype": "text/calendar"}
