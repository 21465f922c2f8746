"""A small OpenID Connect provider for the tests (django-oauth-toolkit), run in its own process.

It is a separate Django project with its own settings and SQLite database: never part of the portal.
"""
