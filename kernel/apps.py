from django.apps import AppConfig


class KernelConfig(AppConfig):
    """The kernel as an app: its template tags, the public record's signals and the system checks."""

    name = "kernel"
    verbose_name = "LCOO Portal kernel"

    def ready(self) -> None:
        from kernel.public_record import connect

        connect()

        from kernel import checks  # noqa: F401  (registers the system checks)
