"""The API's addresses under /api/v1/: one router over the apps' endpoints, the schema, its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from lcoo_portal.api import docs, governance, meetings, members

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("companies", members.CompanyViewSet, basename="company")
router.register("teams", members.TeamViewSet, basename="team")
router.register("meetings", meetings.MeetingViewSet, basename="meeting")
router.register("motions", governance.MotionViewSet, basename="motion")
router.register("charter", governance.CharterVersionViewSet, basename="charter-version")
router.register("roadmap/quarters", governance.RoadmapQuarterViewSet, basename="roadmap-quarter")
router.register("roadmap/items", governance.RoadmapItemViewSet, basename="roadmap-item")
router.register("plan", governance.PlanTaskViewSet, basename="plan-task")

urlpatterns = [
    path("", docs.api_docs, name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
