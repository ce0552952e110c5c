"""Pure Python core: vocabularies, the routing engine, value objects, validation.

Imports nothing but the standard library and ``triage_app.domain`` itself.
"""
