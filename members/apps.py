from django.apps import AppConfig


class MembersConfig(AppConfig):
    """People, member companies, affiliations, company-bound roles and the membership lifecycle."""

    name = "members"
