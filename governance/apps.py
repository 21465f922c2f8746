from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """The executive board, its motions and ballots, officers, the charter and the roadmap."""

    name = "governance"
