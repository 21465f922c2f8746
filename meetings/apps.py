from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Topical forums, general and board meetings: agendas, minutes, feeds."""

    name = "meetings"

    def ready(self) -> None:
        from meetings import kinds  # noqa: F401  (registers the meeting kinds' system check)
