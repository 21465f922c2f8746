from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The outbox: every mail the portal sends, exactly once, through Celery."""

    name = "notifications"

    def ready(self) -> None:
        from notifications import handlers  # noqa: F401  (the handlers register for their events)
