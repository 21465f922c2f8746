from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Topical forums, general and board meetings: agendas, minutes, feeds."""

    name = "meetings"
