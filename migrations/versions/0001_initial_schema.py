"""Initial schema: incidents, suspects, involvements, decisions, evidence, audit, rules.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 18:20:15.063072
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


FTS_TRIGGERS = {
    "incident_fts_ai": """CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN
        INSERT INTO incident_fts(rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END""",
    "incident_fts_ad": """CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident BEGIN
        INSERT INTO incident_fts(incident_fts, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    END""",
    "incident_fts_au": """CREATE TRIGGER incident_fts_au AFTER UPDATE OF title, description
        ON incident BEGIN
        INSERT INTO incident_fts(incident_fts, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO incident_fts(rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END""",
}


PG_FTS_INDEX = (
    "CREATE INDEX ix_incident_fts ON incident USING gin "
    "(to_tsvector('simple', title || ' ' || description))"
)


def create_fts() -> None:
    """Full-text index over incident title + description: FTS5 with triggers on SQLite, a GIN
    expression index on PostgreSQL (db/case_queries.py uses the same expression)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FTS_INDEX)
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE incident_fts USING fts5("
        "title, description, content='incident', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for ddl in FTS_TRIGGERS.values():
        op.execute(ddl)
    op.execute("INSERT INTO incident_fts(incident_fts) VALUES ('rebuild')")


def drop_fts() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_incident_fts")
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in FTS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS incident_fts")


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_uuid", sa.String(length=36), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_entity_uuid", ["entity_uuid"], unique=False)

    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("oblast_code", sa.String(length=8), nullable=True),
        sa.Column("settlement", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("victims_killed", sa.Integer(), nullable=False),
        sa.Column("victims_injured", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
        sa.UniqueConstraint("uuid", name=op.f("uq_incident_uuid")),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_live_date",
            ["date_from", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_incident_live_oblast_date",
            ["oblast_code", "date_from", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_incident_live_status_date",
            ["status", "date_from", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_incident_live_title",
            ["title", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index("ix_incident_reference", ["reference"], unique=False)
        batch_op.create_index("ix_incident_updated_at", ["updated_at"], unique=False)

    op.create_table(
        "rule_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set")),
        sa.UniqueConstraint("sha256", name=op.f("uq_rule_set_sha256")),
    )
    op.create_table(
        "suspect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("is_legal_person", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_latin", sa.String(length=200), nullable=True),
        sa.Column("rank_role", sa.String(length=200), nullable=True),
        sa.Column("unit", sa.String(length=200), nullable=True),
        sa.Column("command_level", sa.String(length=32), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("custody", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suspect")),
        sa.UniqueConstraint("uuid", name=op.f("uq_suspect_uuid")),
    )
    with op.batch_alter_table("suspect", schema=None) as batch_op:
        batch_op.create_index("ix_suspect_command_level", ["command_level"], unique=False)
        batch_op.create_index("ix_suspect_name", ["name"], unique=False)

    op.create_table(
        "evidence_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("custody_notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_evidence_item_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_item")),
        sa.UniqueConstraint("uuid", name=op.f("uq_evidence_item_uuid")),
    )
    with op.batch_alter_table("evidence_item", schema=None) as batch_op:
        batch_op.create_index("ix_evidence_item_incident", ["incident_id"], unique=False)

    op.create_table(
        "incident_crime_type",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("crime_type", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_crime_type_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "crime_type", name=op.f("pk_incident_crime_type")),
    )
    with op.batch_alter_table("incident_crime_type", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_crime_type_ct", ["crime_type", "incident_id"], unique=False
        )

    op.create_table(
        "involvement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("suspect_id", sa.Integer(), nullable=False),
        sa.Column("mode_of_liability", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_involvement_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suspect_id"],
            ["suspect.id"],
            name=op.f("fk_involvement_suspect_id_suspect"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_involvement")),
        sa.UniqueConstraint("incident_id", "suspect_id", name="uq_involvement_incident_suspect"),
        sa.UniqueConstraint("uuid", name=op.f("uq_involvement_uuid")),
    )
    with op.batch_alter_table("involvement", schema=None) as batch_op:
        batch_op.create_index("ix_involvement_suspect", ["suspect_id", "incident_id"], unique=False)

    op.create_table(
        "routing_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("involvement_id", sa.Integer(), nullable=False),
        sa.Column("rule_set_id", sa.Integer(), nullable=False),
        sa.Column("rule_set_version", sa.String(length=64), nullable=False),
        sa.Column("rule_set_hash", sa.String(length=64), nullable=False),
        sa.Column("primary_forum", sa.String(length=16), nullable=False),
        sa.Column("effective_forum", sa.String(length=16), nullable=False),
        sa.Column("secondary_forums", sa.String(length=200), nullable=False),
        sa.Column("flags", sa.Text(), nullable=False),
        sa.Column("winner", sa.String(length=16), nullable=False),
        sa.Column("fired", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("override_forum", sa.String(length=16), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("override_by", sa.String(length=200), nullable=True),
        sa.Column("override_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["involvement_id"],
            ["involvement.id"],
            name=op.f("fk_routing_decision_involvement_id_involvement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_set.id"], name=op.f("fk_routing_decision_rule_set_id_rule_set")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_decision")),
        sa.UniqueConstraint("involvement_id", name=op.f("uq_routing_decision_involvement_id")),
    )
    with op.batch_alter_table("routing_decision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_routing_decision_effective", ["effective_forum", "involvement_id"], unique=False
        )
    create_fts()


def downgrade() -> None:
    drop_fts()
    with op.batch_alter_table("routing_decision", schema=None) as batch_op:
        batch_op.drop_index("ix_routing_decision_effective")

    op.drop_table("routing_decision")
    with op.batch_alter_table("involvement", schema=None) as batch_op:
        batch_op.drop_index("ix_involvement_suspect")

    op.drop_table("involvement")
    with op.batch_alter_table("incident_crime_type", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_crime_type_ct")

    op.drop_table("incident_crime_type")
    with op.batch_alter_table("evidence_item", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_item_incident")

    op.drop_table("evidence_item")
    with op.batch_alter_table("suspect", schema=None) as batch_op:
        batch_op.drop_index("ix_suspect_name")
        batch_op.drop_index("ix_suspect_command_level")

    op.drop_table("suspect")
    op.drop_table("rule_set")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_updated_at")
        batch_op.drop_index("ix_incident_reference")
        batch_op.drop_index(
            "ix_incident_live_title",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_incident_live_status_date",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_incident_live_oblast_date",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_incident_live_date",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("incident")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity_uuid")

    op.drop_table("audit_log")
    op.drop_table("app_meta")
