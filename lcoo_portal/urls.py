from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from lcoo_portal import observability, views

# The admin has no sign-in of its own: its login page sends people to allauth's, where the rate limits
# and the second factor apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),
    path("accounts/profile/", include("members.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    # the search draws on every app, so it is the project's page; its address predates that
    path("meetings/search/", views.search, name="search"),
    path("meetings/", include("meetings.urls")),
    path("governance/", include("governance.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]

if settings.PORTAL_BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", views.bench_floor, name="bench-floor"))

handler403 = "lcoo_portal.views.permission_denied"
handler404 = "lcoo_portal.views.page_not_found"
handler500 = "lcoo_portal.views.server_error"
