"""The coalition's names from the settings, for every template (a builtin: pages, mail, the 500 page).

{% brand "name" %}          Large Contributing OpenStack Operators (PORTAL_COALITION_NAME)
{% brand "short_name" %}    LCOO (PORTAL_COALITION_SHORT_NAME)
{% brand "description" %}   the charter's wording of itself (PORTAL_COALITION_DESCRIPTION)
{% brand "portal" %}        LCOO Portal (PORTAL_NAME)
{% brand "contact" %}       the Secretariat's address (PORTAL_CONTACT_EMAIL)
{% brand "version" %}       the release (lcoo_portal.__version__)
"""

from django import template
from django.conf import settings

import lcoo_portal

register = template.Library()

SETTINGS = {
    "name": "PORTAL_COALITION_NAME",
    "short_name": "PORTAL_COALITION_SHORT_NAME",
    "description": "PORTAL_COALITION_DESCRIPTION",
    "portal": "PORTAL_NAME",
    "contact": "PORTAL_CONTACT_EMAIL",
}


@register.simple_tag
def brand(what: str) -> str:
    """One of the coalition's names (autoescaped like any variable); an unknown name is a template error."""
    if what == "version":
        return lcoo_portal.__version__
    if what not in SETTINGS:
        raise template.TemplateSyntaxError(f"brand: unknown name {what!r}; one of {', '.join(SETTINGS)}, version")
    return getattr(settings, SETTINGS[what])
