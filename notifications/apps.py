from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The outbox: every mail the portal sends, exactly once, through Celery."""

    name = "notifications"
