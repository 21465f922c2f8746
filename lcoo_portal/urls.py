from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from lcoo_portal import observability, open_data, seo, views
from members import sso, sso_views

# The admin has no sign-in of its own: its login page sends people to allauth's, where the rate limits
# and the second factor apply.
admin.site.login = secure_admin_login(admin.site.login)
# Nor password pages of its own: changing one's password in the admin is the portal's page, with its
# limits on old-password guesses, its security mail and its history (issue 19).
admin.site.password_change = views.admin_password_change
admin.site.password_change_done = views.admin_password_change

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("sitemap.xml", seo.sitemap_xml, name="sitemap"),
    path("open-data.zip", open_data.open_data, name="open-data"),
    path("metrics", observability.metrics, name="metrics"),
    path("accounts/profile/", include("members.account_urls")),
    # before allauth's: its OpenID Connect callback with the nonce and signature checks (members/sso.py),
    # and its page of linked accounts replaced by the account page's section
    path("accounts/oidc/<str:provider_id>/login/callback/", sso.callback, name="sso-callback"),
    path("accounts/3rdparty/", sso_views.connections, name="sso-connections"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    # the search draws on every app, so it is the project's page; its address predates that
    path("meetings/search/", views.search, name="search"),
    path("meetings/", include("meetings.urls")),
    path("governance/", include("governance.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("lcoo_portal.api.urls")),
]

if settings.PORTAL_BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", views.bench_floor, name="bench-floor"))

handler403 = "lcoo_portal.views.permission_denied"
handler404 = "lcoo_portal.views.page_not_found"
handler500 = "lcoo_portal.views.server_error"
