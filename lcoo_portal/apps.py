from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: the pages that draw on every app, the Secretariat's permissions and
    the `load_demo` command."""

    name = "lcoo_portal"
    verbose_name = "LCOO Portal"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lcoo_portal.middleware import session_limits_start

        # every sign-in (allauth's, the admin's, a test's force_login) starts the session's clocks
        user_logged_in.connect(session_limits_start, dispatch_uid="lcoo_portal.session_limits_start")
