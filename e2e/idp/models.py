from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What a test chooses about a person's sign-in at the provider: the claims and how the ID token
    comes out (its lifetime, or altered after signing)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idp_profile")
    email_verified = models.BooleanField(default=True)
    amr = models.JSONField(default=list)
    id_token_seconds = models.IntegerField(default=300)
    tamper = models.BooleanField(default=False, help_text="Change a claim after signing.")

    def __str__(self) -> str:
        return f"{self.user}'s sign-in"
