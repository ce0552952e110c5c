"""Typed ORM models: the entities of DESIGN.md. The migrations are the schema of record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Text limits, enforced by validators with a clear message and by the column type.
TITLE_MAX = 300
REFERENCE_MAX = 64
NAME_MAX = 200
SHORT_MAX = 200
DESCRIPTION_MAX = 20_000


LIVE = "deleted_at IS NULL"


def _live_index(name: str, *columns: str) -> Index:
    return Index(name, *columns, sqlite_where=text(LIVE), postgresql_where=text(LIVE))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Incident(Base):
    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    reference: Mapped[str] = mapped_column(String(REFERENCE_MAX))
    date_from: Mapped[dt.date] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16), default="DAY")
    country: Mapped[str] = mapped_column(String(2), default="UA")
    oblast_code: Mapped[str | None] = mapped_column(String(8))
    settlement: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    victims_killed: Mapped[int] = mapped_column(Integer, default=0)
    victims_injured: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(32), default="ST_NEW")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(NAME_MAX))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(NAME_MAX))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        # Case-table filters and sorts over live rows: partial indexes (deleted_at IS NULL)
        # ending with id, so a sorted id list is one index scan (7x faster than checking
        # deleted_at row by row, measured on 200k rows).
        _live_index("ix_incident_live_date", "date_from", "id"),
        _live_index("ix_incident_live_oblast_date", "oblast_code", "date_from", "id"),
        _live_index("ix_incident_live_status_date", "status", "date_from", "id"),
        _live_index("ix_incident_live_title", "title", "id"),
        Index("ix_incident_reference", "reference"),
        Index("ix_incident_updated_at", "updated_at"),
    )


class IncidentCrimeType(Base):
    __tablename__ = "incident_crime_type"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), primary_key=True
    )
    crime_type: Mapped[str] = mapped_column(String(16), primary_key=True)

    __table_args__ = (Index("ix_incident_crime_type_ct", "crime_type", "incident_id"),)


class Suspect(Base):
    __tablename__ = "suspect"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    is_legal_person: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_latin: Mapped[str | None] = mapped_column(String(NAME_MAX))
    rank_role: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    unit: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    command_level: Mapped[str] = mapped_column(String(32))
    nationality: Mapped[str | None] = mapped_column(String(2))
    # 'UA', 'THIRD_STATE', 'NONE'; NULL = unknown.
    custody: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(NAME_MAX))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(NAME_MAX))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        Index("ix_suspect_command_level", "command_level"),
        Index("ix_suspect_name", "name"),
    )


class Involvement(Base):
    """A suspect in an incident, with the mode of liability; routing is per involvement."""

    __tablename__ = "involvement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    suspect_id: Mapped[int] = mapped_column(ForeignKey("suspect.id", ondelete="CASCADE"))
    mode_of_liability: Mapped[str] = mapped_column(String(16), default="ML_UNKNOWN")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("incident_id", "suspect_id", name="uq_involvement_incident_suspect"),
        Index("ix_involvement_suspect", "suspect_id", "incident_id"),
    )


class RuleSet(Base):
    __tablename__ = "rule_set"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    version: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RoutingDecision(Base):
    """The current recommendation for one involvement, and an optional human override.

    The fired rules are stored as ids; their rationale and legal basis are read from the
    rule-set text stored (immutably, by hash) in ``rule_set``, so every decision can be
    explained exactly as it was made without copying the texts a million times.
    """

    __tablename__ = "routing_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    involvement_id: Mapped[int] = mapped_column(
        ForeignKey("involvement.id", ondelete="CASCADE"), unique=True
    )
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_set.id"))
    rule_set_version: Mapped[str] = mapped_column(String(64))
    rule_set_hash: Mapped[str] = mapped_column(String(64))
    primary_forum: Mapped[str] = mapped_column(String(16))
    # override_forum if set, else primary_forum: what the case list filters on (indexed).
    effective_forum: Mapped[str] = mapped_column(String(16))
    secondary_forums: Mapped[str] = mapped_column(String(200), default="")  # space-separated
    flags: Mapped[str] = mapped_column(Text, default="")  # space-separated, sorted
    winner: Mapped[str] = mapped_column(String(16))
    fired: Mapped[str] = mapped_column(String(200))  # space-separated, winner first
    error: Mapped[str | None] = mapped_column(Text)  # input rejected by validation (V1-V7)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime)
    override_forum: Mapped[str | None] = mapped_column(String(16))
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(NAME_MAX))
    override_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_routing_decision_effective", "effective_forum", "involvement_id"),)


class EvidenceItem(Base):
    __tablename__ = "evidence_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    file_name: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    sha256: Mapped[str | None] = mapped_column(String(64))
    custody_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_evidence_item_incident", "incident_id"),)


class AuditEntry(Base):
    """Append-only; ``hash`` covers this entry's fields and ``prev_hash``."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(NAME_MAX))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: before/after, counts
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_entity_uuid", "entity_uuid"),)


class AuditItem(Base):
    """One record a bulk entry (an Excel import) created or updated. The entry's details hold
    the items' count and SHA-256, so the hash chain covers them; kept apart so that an import
    of 700,000 rows is not one 30 MB JSON text, and found by UUID through an index."""

    __tablename__ = "audit_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"))
    kind: Mapped[str] = mapped_column(String(16))  # incident, suspect, involvement, evidence
    change: Mapped[str] = mapped_column(String(8))  # created, updated
    uuid: Mapped[str] = mapped_column(String(36))

    __table_args__ = (
        Index("ix_audit_item_uuid", "uuid"),
        Index("ix_audit_item_audit_id", "audit_id"),
    )


class AppMeta(Base):
    """Key/value facts about this database (its own id for merges, creation time)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncBase(Base):
    """The merge base: per source database and record, the content hash last merged from it."""

    __tablename__ = "sync_base"

    peer_db_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(16), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime)


class MergeConflict(Base):
    """A record changed on both sides: both versions kept until a person resolves it."""

    __tablename__ = "merge_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(16))
    uuid: Mapped[str] = mapped_column(String(36))
    source_db_id: Mapped[str] = mapped_column(String(36))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(TITLE_MAX))  # reference/title or name, for people
    fields: Mapped[str] = mapped_column(Text)  # JSON list of the fields that differ
    local_values: Mapped[str] = mapped_column(Text)  # JSON: this database's version then
    remote_values: Mapped[str] = mapped_column(Text)  # JSON: the bundle's version
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | resolved
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(NAME_MAX))
    resolution: Mapped[str | None] = mapped_column(Text)  # JSON: field -> local|remote

    __table_args__ = (Index("ix_merge_conflict_status_entity", "status", "entity", "uuid"),)


class ForeignAudit(Base):
    """Audit entries of other databases, received in bundles; kept apart from our own chain."""

    __tablename__ = "foreign_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_db_id: Mapped[str] = mapped_column(String(36))
    source_entry_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(NAME_MAX))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("source_db_id", "hash", name="uq_foreign_audit_source_hash"),
        Index("ix_foreign_audit_entity_uuid", "entity_uuid"),
    )
