from django.apps import AppConfig


class MembersConfig(AppConfig):
    """People, member companies, affiliations, company-bound roles and the membership lifecycle."""

    name = "members"

    def ready(self) -> None:
        from allauth.account.signals import email_added

        from members.security import email_added_record

        # allauth sends no notification for an added address; its signal is the only door to hear of it
        email_added.connect(email_added_record, dispatch_uid="members.email_added_record")
