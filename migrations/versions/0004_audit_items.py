"""The records a bulk audit entry (an Excel import) created or updated, one row each.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("change", sa.String(length=8), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_log.id"], name=op.f("fk_audit_item_audit_id_audit_log")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_item")),
    )
    with op.batch_alter_table("audit_item", schema=None) as batch_op:
        batch_op.create_index("ix_audit_item_audit_id", ["audit_id"], unique=False)
        batch_op.create_index("ix_audit_item_uuid", ["uuid"], unique=False)


def downgrade() -> None:
    # The hash chain covers the import entries' record lists: dropping them would make an
    # untouched database look tampered with. Going back is for a database with no import.
    if op.get_bind().execute(sa.text("SELECT 1 FROM audit_item LIMIT 1")).first() is not None:
        raise RuntimeError(
            "audit_item holds the records of earlier imports, which the audit log's hashes "
            "cover; downgrading would lose them. Restore a backup made before 0004 instead."
        )
    with op.batch_alter_table("audit_item", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_item_uuid")
        batch_op.drop_index("ix_audit_item_audit_id")
    op.drop_table("audit_item")
