from django.urls import path

from members import sso_views, views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("time-zone/", views.time_zone_set, name="time-zone"),
    path("time-zone/dismiss/", views.time_zone_offer_dismiss, name="time-zone-dismiss"),
    path("tokens/", views.access_tokens, name="access-tokens"),
    path("tokens/<int:pk>/revoke/", views.access_token_revoke_view, name="access-token-revoke"),
    path("identities/<int:pk>/unlink/", sso_views.sso_unlink, name="sso-unlink"),
    path("security/", views.account_security, name="account-security"),
    path("security/known-browsers/revoke/", views.known_devices_revoke_view, name="account-known-devices-revoke"),
    path("security/sign-out-everywhere/", views.sign_out_everywhere_view, name="account-sign-out-everywhere"),
]
