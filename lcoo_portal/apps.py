from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: the pages that draw on every app, the Secretariat's permissions and
    the `load_demo` command."""

    name = "lcoo_portal"
    verbose_name = "LCOO Portal"
