from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: base views, templates tags and the `load_demo` command."""

    name = "lcoo_portal"
    verbose_name = "LCOO Portal"

    def ready(self) -> None:
        from lcoo_portal.public_record import connect

        connect()
