"""SQLAlchemy's types that the layers above name in annotations and pass back to ``db``.

DESIGN.md: ``db/`` is the only package that imports SQLAlchemy. Services own their transaction
(``with store.write_engine.begin() as conn``) and hand ``conn`` to ``db`` functions; they
annotate it with these names, and never build a statement themselves.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Row

__all__ = ["Connection", "Engine", "Row"]
