"""Full-text search covers the settlement too (prosecutors search place names as shown).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 20:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = {
    "new": ("title", "description", "settlement"),
    "old": ("title", "description"),
}
PG_EXPRESSION = {
    "new": "title || ' ' || description || ' ' || coalesce(settlement, '')",
    "old": "title || ' ' || description",
}


def _sqlite_fts(version: str) -> None:
    cols = COLUMNS[version]
    col_list = ", ".join(cols)
    new_values = ", ".join(f"new.{c}" for c in cols)
    old_values = ", ".join(f"old.{c}" for c in cols)
    for name in ("incident_fts_ai", "incident_fts_ad", "incident_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS incident_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE incident_fts USING fts5({col_list}, content='incident', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN\n"
        f"        INSERT INTO incident_fts(rowid, {col_list})\n"
        f"        VALUES (new.id, {new_values});\n"
        "    END"
    )
    op.execute(
        "CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident BEGIN\n"
        f"        INSERT INTO incident_fts(incident_fts, rowid, {col_list})\n"
        f"        VALUES ('delete', old.id, {old_values});\n"
        "    END"
    )
    op.execute(
        f"CREATE TRIGGER incident_fts_au AFTER UPDATE OF {col_list}\n"
        "        ON incident BEGIN\n"
        f"        INSERT INTO incident_fts(incident_fts, rowid, {col_list})\n"
        f"        VALUES ('delete', old.id, {old_values});\n"
        f"        INSERT INTO incident_fts(rowid, {col_list})\n"
        f"        VALUES (new.id, {new_values});\n"
        "    END"
    )
    op.execute("INSERT INTO incident_fts(incident_fts) VALUES ('rebuild')")


def _pg_index(version: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_incident_fts")
    op.execute(
        "CREATE INDEX ix_incident_fts ON incident USING gin "
        f"(to_tsvector('simple', {PG_EXPRESSION[version]}))"
    )


def _apply(version: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_fts(version)
    elif dialect == "postgresql":
        _pg_index(version)


def upgrade() -> None:
    _apply("new")


def downgrade() -> None:
    _apply("old")
