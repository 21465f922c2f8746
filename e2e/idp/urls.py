from django.contrib.auth.views import LoginView
from django.urls import include, path

from e2e.idp import views

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("control/person", views.person),
    path("control/client", views.client),
]
