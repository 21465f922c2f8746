from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: base views, templates tags, system checks and the `load_demo` command."""

    name = "lcoo_portal"
    verbose_name = "LCOO Portal"

    def ready(self) -> None:
        from lcoo_portal.public_record import connect

        connect()

        from lcoo_portal import checks  # noqa: F401  (registers the system checks)
