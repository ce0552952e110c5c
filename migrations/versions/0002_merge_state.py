"""Merge state for laptop bundles: merge bases, stored conflicts, other databases' audit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_base",
        sa.Column("peer_db_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("peer_db_id", "entity", "uuid", name=op.f("pk_sync_base")),
    )
    op.create_table(
        "merge_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("source_db_id", sa.String(length=36), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("local_values", sa.Text(), nullable=False),
        sa.Column("remote_values", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_conflict")),
    )
    with op.batch_alter_table("merge_conflict", schema=None) as batch_op:
        batch_op.create_index(
            "ix_merge_conflict_status_entity", ["status", "entity", "uuid"], unique=False
        )
    op.create_table(
        "foreign_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_db_id", sa.String(length=36), nullable=False),
        sa.Column("source_entry_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_uuid", sa.String(length=36), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foreign_audit")),
        sa.UniqueConstraint("source_db_id", "hash", name="uq_foreign_audit_source_hash"),
    )
    with op.batch_alter_table("foreign_audit", schema=None) as batch_op:
        batch_op.create_index("ix_foreign_audit_entity_uuid", ["entity_uuid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("foreign_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_foreign_audit_entity_uuid")
    op.drop_table("foreign_audit")
    with op.batch_alter_table("merge_conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_merge_conflict_status_entity")
    op.drop_table("merge_conflict")
    op.drop_table("sync_base")
