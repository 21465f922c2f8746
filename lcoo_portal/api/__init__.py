"""The read-only JSON API at /api/v1/: the pages' own querysets and permission helpers, as data.

It reads every app, so it lives in the project package (like the home page and the search): one module
per app (`members`, `meetings`, `governance`), composed by `urls.py`.
"""
