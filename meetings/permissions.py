"""Who may see and do what in `meetings`: the one place views ask."""

from members.permissions import is_secretariat

__all__ = ["is_secretariat"]
