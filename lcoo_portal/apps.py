from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: base views, templates tags, system checks and the `load_demo` command."""

    name = "lcoo_portal"
    verbose_name = "LCOO Portal"

    def ready(self) -> None:
        from lcoo_portal.public_record import connect

        connect()

        from django.contrib.auth.signals import user_logged_in

        from lcoo_portal import checks  # noqa: F401  (registers the system checks)
        from lcoo_portal.middleware import session_limits_start

        # every sign-in (allauth's, the admin's, a test's force_login) starts the session's clocks
        user_logged_in.connect(session_limits_start, dispatch_uid="lcoo_portal.session_limits_start")
