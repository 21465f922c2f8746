"""Demo data for `meetings`, taken from the source documents."""


def load() -> None:
    """Create or complete the demo data; running it again changes nothing."""
