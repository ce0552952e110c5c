"""Laptop bundles: export what changed since a date, merge a bundle by UUID, resolve conflicts.

Merge rules, per record (incident, suspect, involvement, evidence item, routing override),
comparing SHA-256 hashes of its *merge fields* (what a person edits; not ids or timestamps):

- not here                      -> added (unless we removed it and the source did not change
                                   it since: then it stays removed)
- same content on both sides    -> unchanged
- only the source changed it    -> the source's version is taken (audited before/after)
- only we changed it            -> ours is kept
- both changed it               -> a stored conflict; ours stays in place, theirs is kept in
                                   ``merge_conflict`` until a person resolves it field by field

"Changed" is measured against the merge base: per source database and record, the hash last
merged from that source (``sync_base``), or, when the record travelled the other way, the
hash the source last merged from us (its ``sync_base`` rows travel in the bundle). A bundle
lists, for every incident it carries, all that incident's involvements and evidence, so a
child the source removed (and we had received from it, unchanged since) is removed here too.
Routing recommendations are not merged: each database routes with its own rule set after a
merge; a human override travels like any other field.

The bundle is verified and every record validated before the one write transaction opens;
importing the same bundle again finds nothing to do and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage_app import __version__
from triage_app.db import merge_store as ms
from triage_app.db.audit import append_audit, canonical_json, entry_hash
from triage_app.db.crypto import check_passphrase_strength
from triage_app.db.engine import snapshot_reader
from triage_app.db.fts import fts_bulk_load
from triage_app.db.migrate import known_revisions
from triage_app.db.queries import max_ids
from triage_app.db.types import Connection, Row
from triage_app.domain.records import (
    EVIDENCE_FIELDS,
    INCIDENT_FIELDS,
    SUSPECT_FIELDS,
    EvidenceRecord,
    FieldProblem,
    IncidentRecord,
    SuspectRecord,
    evidence_problems,
    incident_problems,
    suspect_problems,
)
from triage_app.domain.vocab import vocabularies
from triage_app.exchange.bundle import Bundle, BundleError, WrittenBundle, open_bundle, write_bundle
from triage_app.services.routing import OVERRIDE_REASON_MAX, route_all
from triage_app.services.store import Store

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?

OVERRIDE_FIELDS = ("override_forum", "override_reason", "override_by", "override_at")
RECOMMENDATION_FIELDS = (
    "rule_set_version",
    "primary_forum",
    "secondary_forums",
    "flags",
    "winner",
    "fired",
    "error",
    "decided_at",
)
# Fields compared, hashed and resolved one by one; the rest travel as information.
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "suspect": (*SUSPECT_FIELDS, "deleted"),
    "incident": (*INCIDENT_FIELDS, "crime_types", "deleted"),
    "involvement": ("incident_uuid", "suspect_uuid", "mode_of_liability"),
    "evidence": ("incident_uuid", *EVIDENCE_FIELDS),
    "decision": OVERRIDE_FIELDS,
}
_PEOPLE_META = ("created_at", "created_by", "updated_at", "updated_by", "deleted_at")
META_FIELDS: dict[str, tuple[str, ...]] = {
    "suspect": _PEOPLE_META,
    "incident": _PEOPLE_META,
    "involvement": ("updated_at",),
    "evidence": ("created_at", "updated_at"),
    "decision": ("rule_set_sha256", *RECOMMENDATION_FIELDS),
}
PARTS = {
    "suspect": "suspects.jsonl",
    "incident": "incidents.jsonl",
    "involvement": "involvements.jsonl",
    "evidence": "evidence.jsonl",
    "decision": "decisions.jsonl",
}
RULE_SETS_PART = "rule_sets.jsonl"
AUDIT_PART = "audit.jsonl"
BASES_PART = "sync_base.jsonl"
AUDIT_FIELDS = ("id", "at", "actor", "action", "entity", "entity_uuid", "details")
AUDIT_ENTITY = {
    "suspect": "suspect",
    "incident": "incident",
    "involvement": "involvement",
    "evidence": "evidence_item",
    "decision": "routing_decision",
}
MAX_PROBLEMS = 20
MAX_LISTED = 100
ROUTE_CHUNK = 10_000

__all__ = [
    "BundleError",
    "ConflictView",
    "ExportResult",
    "ImportReport",
    "MergeError",
    "export_bundle",
    "import_bundle",
    "list_conflicts",
    "resolve_conflict",
]


class MergeError(ValueError):
    """A conflict resolution was refused; the message names the field or the conflict."""


class ImportCancelled(Exception):
    """The user cancelled the import; the transaction was rolled back."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def key_field(entity: str) -> str:
    return "involvement_uuid" if entity == "decision" else "uuid"


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def wire_record(entity: str, row: Row[Any], crime_types: Sequence[str] = ()) -> dict[str, Any]:
    """A stored row as it travels in a bundle (and as merges compare it)."""
    rec: dict[str, Any] = {key_field(entity): getattr(row, key_field(entity))}
    for name in MERGE_FIELDS[entity] + META_FIELDS[entity]:
        if name == "crime_types":
            rec[name] = sorted(crime_types)
        elif name == "deleted":
            rec[name] = row.deleted_at is not None
        else:
            rec[name] = _json_value(getattr(row, name))
    return rec


def content_hash(entity: str, rec: Mapping[str, Any]) -> str:
    """SHA-256 of a record's merge fields: equal hashes, equal content."""
    body = canonical_json({name: rec.get(name) for name in MERGE_FIELDS[entity]})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _label(entity: str, rec: Mapping[str, Any]) -> str:
    if entity == "incident":
        text = f"{rec.get('reference')} — {rec.get('title')}"
    elif entity == "suspect":
        text = str(rec.get("name"))
    elif entity == "decision":
        text = f"override of involvement {rec.get('involvement_uuid')}"
    else:
        text = f"{entity} of incident {rec.get('incident_uuid')}"
    return text[:300]


# -- export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    bundle: WrittenBundle
    source_db_id: str
    since: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.bundle.path),
            "sha256": self.bundle.sha256,
            "bytes": self.bundle.bytes,
            "encrypted": self.bundle.encrypted,
            "source_db_id": self.source_db_id,
            "since": self.since.isoformat() if self.since else None,
            "records": self.bundle.counts,
        }


def parse_since(text: str) -> dt.datetime:
    """``YYYY-MM-DD`` or an ISO date-time (UTC, as stored) for ``--since``."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"--since: {text!r} is not a date (YYYY-MM-DD) or date-time") from exc
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def export_bundle(
    store: Store,
    out: Path,
    since: dt.datetime | None = None,
    passphrase: str | None = None,
    *,
    allow_plain: bool = False,
) -> ExportResult:
    """Write the records changed since ``since`` (all without it) to one bundle file.

    An encrypted database is only exported to an encrypted bundle unless ``allow_plain``.
    """
    if passphrase is None and store.passphrase is not None and not allow_plain:
        raise BundleError(
            "this database is encrypted, so its bundle must be too: give a bundle passphrase "
            "(TRIAGE_BUNDLE_PASSPHRASE or --bundle-passphrase-env VAR), or --plain to write "
            "it unencrypted"
        )
    if passphrase is not None:
        check_passphrase_strength(passphrase)
    engine = snapshot_reader(store.engine)  # one consistent snapshot for the whole export
    with engine.connect() as conn, conn.begin():
        source = ms.database_id(conn)
        manifest = {
            "kind": "triage-bundle",
            "source_db_id": source,
            "exported_at": _now().isoformat(),
            "exported_by": store.actor,
            "app_version": __version__,
            "schema_revision": ms.schema_revision(conn),
            "since": since.isoformat() if since else None,
        }
        written = write_bundle(out, manifest, _export_parts(conn, since), passphrase)
    return ExportResult(written, source, since)


def _export_parts(conn: Connection, since: dt.datetime | None) -> dict[str, Iterator[Any]]:
    """The parts as generators. They run in this order, each collecting what a later one
    needs: involvements name the suspects to send, decisions the rule sets, all the keys
    whose merge bases travel along."""
    incident_ids = ms.exported_incident_ids(conn, since)
    suspect_ids = ms.suspect_ids_changed_since(conn, since)
    rule_hashes: set[str] = set()
    keys: dict[str, list[str]] = {e: [] for e in ms.ENTITIES}

    def of_incidents(entity: str) -> Iterator[dict[str, Any]]:
        for part in ms.chunks(incident_ids):
            rows = ms.rows_of_incidents(conn, entity, part)
            cts = ms.crime_types(conn, part) if entity == "incident" else {}
            for row in rows:
                rec = wire_record(entity, row, cts.get(row.id, ()))
                keys[entity].append(rec[key_field(entity)])
                if entity == "involvement":
                    suspect_ids.add(row.suspect_id)
                elif entity == "decision":
                    rule_hashes.add(row.rule_set_sha256)
                yield rec

    def suspects() -> Iterator[dict[str, Any]]:
        for part in ms.chunks(sorted(suspect_ids)):
            for row in ms.suspects_by_ids(conn, part):
                keys["suspect"].append(row.uuid)
                yield wire_record("suspect", row)

    def rule_sets() -> Iterator[dict[str, Any]]:
        for row in ms.rule_sets_by_hash(conn, rule_hashes):
            yield {"name": row.name, "version": row.version, "text": row.text, "sha256": row.sha256}

    def audit() -> Iterator[dict[str, Any]]:
        for row in ms.audit_since(conn, since):
            rec = {name: _json_value(getattr(row, name)) for name in AUDIT_FIELDS}
            yield {**rec, "prev_hash": row.prev_hash, "hash": row.hash}

    def merge_bases() -> Iterator[dict[str, Any]]:
        for entity in ms.ENTITIES:
            rows = ms.bases_of_all_peers(conn, entity, keys[entity])
            if entity in ("involvement", "evidence"):  # received, then removed here
                rows += ms.bases_of_removed(conn, entity)
            for peer, key, digest in rows:
                yield {"peer": peer, "entity": entity, "uuid": key, "hash": digest}

    return {
        PARTS["incident"]: of_incidents("incident"),
        PARTS["involvement"]: of_incidents("involvement"),
        PARTS["evidence"]: of_incidents("evidence"),
        PARTS["decision"]: of_incidents("decision"),
        PARTS["suspect"]: suspects(),
        RULE_SETS_PART: rule_sets(),
        AUDIT_PART: audit(),
        BASES_PART: merge_bases(),
    }


# -- validating an incoming bundle ----------------------------------------------------------


def _parse(entity: str, name: str, value: Any) -> Any:
    """A wire value as Python (dates parsed), or ValueError saying what is wrong."""
    if value is None:
        return None
    if name in ("crime_types",):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of codes")
        return tuple(value)
    if name == "deleted":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if name.endswith("uuid"):
        _check_uuid(value)
        return value
    kind = ms.python_type(entity, name)
    if kind in (dt.datetime, dt.date):
        what = "a date-time (ISO 8601)" if kind is dt.datetime else "a date (YYYY-MM-DD)"
        try:
            return kind.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValueError(f"must be {what}") from None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"must be {kind.__name__}")
    return value


def _check_uuid(value: Any) -> None:
    try:
        uuidlib.UUID(value)
    except (TypeError, ValueError, AttributeError):
        raise ValueError("must be a UUID") from None


REQUIRED = {
    "incident": ("reference", "title", "date_from", "created_at", "updated_at"),
    "suspect": ("name", "command_level", "created_at", "updated_at"),
    "involvement": ("incident_uuid", "suspect_uuid", "mode_of_liability"),
    "evidence": ("incident_uuid", "kind"),
    "decision": ("rule_set_sha256", "primary_forum", "decided_at"),
}


def parse_record(entity: str, rec: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Python values of a wire record, and every problem with it (named by field)."""
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    key = key_field(entity)
    try:
        _check_uuid(rec.get(key))
    except ValueError:
        problems.append(FieldProblem(key, "must be a UUID", rec.get(key)))
    for name in MERGE_FIELDS[entity] + META_FIELDS[entity]:
        if name not in rec:
            problems.append(FieldProblem(name, "is missing"))
            continue
        try:
            values[name] = _parse(entity, name, rec[name])
        except ValueError as exc:
            problems.append(FieldProblem(name, str(exc), rec[name]))
    for name in REQUIRED[entity]:
        if name in values and values[name] is None:
            problems.append(FieldProblem(name, "is required"))
    if problems:
        return values, problems
    return values, _domain_problems(entity, values)


def _domain_problems(entity: str, v: Mapping[str, Any]) -> list[FieldProblem]:
    """The same validators the editor and the Excel import use."""
    vocab = vocabularies()
    if entity == "incident":
        return incident_problems(
            IncidentRecord(**{f: v[f] for f in INCIDENT_FIELDS}, crime_types=v["crime_types"] or ())
        )
    if entity == "suspect":
        return suspect_problems(SuspectRecord(**{f: v[f] for f in SUSPECT_FIELDS}))
    if entity == "evidence":
        return evidence_problems(EvidenceRecord(**{f: v[f] for f in EVIDENCE_FIELDS}))
    problems = []
    if entity == "involvement" and v["mode_of_liability"] not in vocab.by_name(
        "modes_of_liability"
    ):
        problems.append(FieldProblem("mode_of_liability", "unknown code", v["mode_of_liability"]))
    if entity == "decision":
        for name in ("primary_forum", "override_forum"):
            if v[name] is not None and v[name] not in vocab.by_name("forums"):
                problems.append(FieldProblem(name, "unknown forum code", v[name]))
        if v["override_forum"] is not None and not (v["override_reason"] or "").strip():
            problems.append(FieldProblem("override_reason", "an override needs a reason"))
        if len(v["override_reason"] or "") > OVERRIDE_REASON_MAX:
            problems.append(
                FieldProblem("override_reason", f"at most {OVERRIDE_REASON_MAX} characters")
            )
    return problems


@dataclass
class _Checked:
    """What the validation pass learnt: every key per entity, and the declared merge bases."""

    keys: dict[str, set[str]]
    declared: dict[tuple[str, str], str]
    rule_sets: list[dict[str, Any]]


def _check_bundle(bundle: Bundle, own_id: str) -> _Checked:
    """Reject a bundle that is not for us or holds one invalid record, before any write."""
    m = bundle.manifest
    source = m.get("source_db_id")
    if not isinstance(source, str) or not source:
        raise BundleError("the manifest names no source database")
    if source == own_id:
        raise BundleError(
            "this bundle was exported by this database (or by a copy of its file): there is "
            "nothing to merge. Laptops must start from their own database, not a copied file."
        )
    if m.get("schema_revision") not in known_revisions():
        raise BundleError(
            f"the bundle was written by a newer Triage (schema {m.get('schema_revision')}); "
            "update Triage to import it"
        )
    problems: list[str] = []
    keys: dict[str, set[str]] = {e: set() for e in ms.ENTITIES}
    for entity in ms.ENTITIES:
        part = PARTS[entity]
        for n, rec in bundle.records(part):
            _, found = parse_record(entity, rec)
            key = rec.get(key_field(entity))
            if key in keys[entity]:
                found.append(FieldProblem(key_field(entity), "appears twice in the bundle", key))
            keys[entity].add(str(key))
            where = f"{part} line {n} ({entity} {key}"
            where += f", {_label(entity, rec)})" if entity in ("incident", "suspect") else ")"
            problems += [f"{where}: {p}" for p in found]
            if len(problems) >= MAX_PROBLEMS:
                break
    rule_sets = [rec for _, rec in bundle.records(RULE_SETS_PART)]
    for rs in rule_sets:
        text = rs.get("text")
        if not isinstance(text, str) or hashlib.sha256(text.encode()).hexdigest() != rs.get(
            "sha256"
        ):
            problems.append(
                f"{RULE_SETS_PART}: rule set {rs.get('name')!r}: text and SHA-256 differ"
            )
    problems += _audit_problems(bundle)
    if problems:
        shown = "\n  ".join(problems[:MAX_PROBLEMS])
        more = "" if len(problems) <= MAX_PROBLEMS else "\n  (and more)"
        raise BundleError(
            f"the bundle holds invalid records; nothing was imported:\n  {shown}{more}"
        )
    declared = {
        (str(r.get("entity")), str(r.get("uuid"))): str(r.get("hash"))
        for _, r in bundle.records(BASES_PART)
        if r.get("peer") == own_id
    }
    return _Checked(keys, declared, rule_sets)


def _audit_problems(bundle: Bundle) -> list[str]:
    """The source's audit entries must form an unbroken piece of its hash chain."""
    prev: str | None = None
    for n, rec in bundle.records(AUDIT_PART):
        try:
            at = dt.datetime.fromisoformat(rec["at"])
            digest = entry_hash(
                rec["prev_hash"],
                at,
                rec["actor"],
                rec["action"],
                rec["entity"],
                rec["entity_uuid"],
                rec["details"],
            )
        except (KeyError, TypeError, ValueError) as exc:
            return [f"{AUDIT_PART} line {n}: unreadable audit entry ({exc})"]
        if digest != rec["hash"]:
            return [f"{AUDIT_PART} line {n}: audit entry {rec.get('id')} does not match its hash"]
        if prev is not None and rec["prev_hash"] != prev:
            return [f"{AUDIT_PART} line {n}: audit entry {rec.get('id')} breaks the chain"]
        prev = rec["hash"]
    return []


# -- import ---------------------------------------------------------------------------------


@dataclass
class ImportReport:
    bundle_sha256: str
    source_db_id: str
    exported_at: str | None
    dry_run: bool
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    kept_local: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    conflicts: Counter[str] = field(default_factory=Counter)
    conflict_ids: list[int] = field(default_factory=list)
    foreign_audit: int = 0
    bases_written: int = 0
    notes: list[str] = field(default_factory=list)
    rerouted_incidents: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.added.values())
            or sum(self.updated.values())
            or sum(self.removed.values())
            or self.conflict_ids
            or self.foreign_audit
            or self.bases_written
        )

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_LISTED:
            self.notes.append(text)

    def to_json(self) -> dict[str, Any]:
        return {
            "bundle_sha256": self.bundle_sha256,
            "source_db_id": self.source_db_id,
            "exported_at": self.exported_at,
            "dry_run": self.dry_run,
            "changed": self.changed,
            **{
                name: {k: n for k, n in sorted(getattr(self, name).items()) if n}
                for name in (
                    "added",
                    "updated",
                    "unchanged",
                    "kept_local",
                    "removed",
                    "skipped",
                    "conflicts",
                )
            },
            "conflict_ids": self.conflict_ids[:MAX_LISTED],
            "foreign_audit_entries": self.foreign_audit,
            "rerouted_incidents": self.rerouted_incidents,
            "notes": self.notes,
        }


def import_bundle(
    store: Store,
    path: Path,
    passphrase: str | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Verify, validate, then merge a bundle in one transaction (rolled back for a dry run)."""
    with open_bundle(path, passphrase) as bundle:
        with store.engine.connect() as conn:
            own_id = ms.database_id(conn)
        checked = _check_bundle(bundle, own_id)
        report = ImportReport(
            bundle.sha256,
            bundle.manifest["source_db_id"],
            bundle.manifest.get("exported_at"),
            dry_run,
        )
        with store.write_engine.connect() as conn:
            trans = conn.begin()
            try:
                merge = _Merge(conn, bundle, checked, report, store.actor, progress)
                merge.run()
                if report.changed:
                    append_audit(
                        conn,
                        store.actor,
                        "bundle_import",
                        "database",
                        None,
                        {k: v for k, v in report.to_json().items() if k != "unchanged"},
                    )
                reroute = merge.incidents_to_route()
            except BaseException:
                trans.rollback()
                raise
            if dry_run:
                trans.rollback()
                return report
            trans.commit()
    _reroute(store, reroute)
    report.rerouted_incidents = len(reroute)
    return report


def _reroute(store: Store, incident_ids: Sequence[int]) -> None:
    """Route the merged involvements with this database's rule set (overrides are kept)."""
    for part in ms.chunks(sorted(incident_ids), ROUTE_CHUNK):
        route_all(store, incident_ids=list(part), audit=False)


class _Merge:
    """One import's merge, inside the caller's transaction."""

    def __init__(
        self,
        conn: Connection,
        bundle: Bundle,
        checked: _Checked,
        report: ImportReport,
        actor: str,
        progress: Progress | None,
    ) -> None:
        self.conn = conn
        self.bundle = bundle
        self.checked = checked
        self.report = report
        self.source = report.source_db_id
        self.actor = actor
        self.progress = progress
        self.now = _now()
        self.touched_incidents: set[int] = set()
        self.touched_suspects: set[int] = set()
        self.rule_set_ids: dict[str, int] = {}
        self.done = 0
        self.total = sum(bundle.count(PARTS[e]) for e in ms.ENTITIES)

    def run(self) -> None:
        self._rule_sets()
        self._merge("suspect")
        after = max_ids(self.conn)["incident"]
        with fts_bulk_load(self.conn, after_id=after):
            self._merge("incident")
        for entity in ("involvement", "evidence"):
            self._remove_children(entity)
        for entity in ("involvement", "evidence", "decision"):
            self._merge(entity)
        self._foreign_audit()

    def incidents_to_route(self) -> list[int]:
        return sorted(
            self.touched_incidents | ms.incidents_of_suspects(self.conn, self.touched_suspects)
        )

    def _rule_sets(self) -> None:
        wanted = {rs["sha256"] for rs in self.checked.rule_sets}
        self.rule_set_ids = {r.sha256: r.id for r in ms.rule_sets_by_hash(self.conn, wanted)}
        for rs in self.checked.rule_sets:
            if rs["sha256"] not in self.rule_set_ids:
                self.rule_set_ids[rs["sha256"]] = ms.insert_rule_set(
                    self.conn, str(rs["name"]), str(rs["version"]), rs["text"], rs["sha256"]
                )

    def _tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None and not self.progress(self.done, self.total):
            raise ImportCancelled("import cancelled; nothing was changed")

    def _batches(self, entity: str) -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for _, rec in self.bundle.records(PARTS[entity]):
            batch.append(rec)
            if len(batch) >= ms.CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch

    def _merge(self, entity: str) -> None:
        key = key_field(entity)
        r = self.report
        for batch in self._batches(entity):
            keys = [rec[key] for rec in batch]
            local = ms.rows_by_keys(self.conn, entity, keys)
            cts = (
                ms.crime_types(self.conn, [row.id for row in local.values()])
                if entity == "incident"
                else {}
            )
            known = ms.bases(self.conn, self.source, entity, keys)
            new_bases: dict[str, str] = {}
            inserts: list[dict[str, Any]] = []
            hashes: dict[str, str] = {}
            for rec in batch:
                k = rec[key]
                theirs = hashes[k] = content_hash(entity, rec)
                bases = _bases(known.get(k), self.checked.declared.get((entity, k)))
                row = local.get(k)
                if row is None and theirs not in bases:
                    inserts.append(rec)
                    continue
                if row is None:
                    r.skipped[entity] += 1  # we removed it; they did not change it since
                else:
                    self._merge_one(entity, row, cts.get(row.id, ()), rec, theirs, bases)
                if known.get(k) != theirs:
                    new_bases[k] = theirs
            inserted = self._insert(entity, inserts)
            if inserted:
                r.added[entity] += len(inserted)
            new_bases.update({k: hashes[k] for k in inserted})
            if new_bases:
                ms.set_bases(self.conn, self.source, entity, new_bases, self.now)
                r.bases_written += len(new_bases)
            self._tick(len(batch))

    def _merge_one(
        self,
        entity: str,
        row: Row[Any],
        crime_types: Sequence[str],
        theirs: dict[str, Any],
        their_hash: str,
        bases: set[str],
    ) -> None:
        """Three-way merge of one record present on both sides."""
        mine = wire_record(entity, row, crime_types)
        ours = content_hash(entity, mine)
        if ours == their_hash:
            self.report.unchanged[entity] += 1
        elif ours in bases:
            self._apply(entity, row, mine, theirs, str(theirs.get("updated_by") or ""))
            self.report.updated[entity] += 1
        elif their_hash in bases:
            self.report.kept_local[entity] += 1
        else:
            self._conflict(entity, mine, theirs)

    # -- writing ----------------------------------------------------------------------------

    def _insert(self, entity: str, recs: list[dict[str, Any]]) -> set[str]:
        """Insert new records in bulk; returns the keys inserted (duplicates are skipped)."""
        if not recs:
            return set()
        conn = self.conn
        if entity == "decision":
            return self._insert_decisions(recs)
        columns: list[str] = ["uuid"]
        fixed: dict[str, Any] = {}
        if entity in ("incident", "suspect"):
            own = [f for f in MERGE_FIELDS[entity] if f not in ("crime_types", "deleted")]
            columns += [*own, "created_at", "created_by", "updated_by", "deleted_at"]
            fixed = {"updated_at": self.now, "row_version": 1}
        elif entity == "involvement":
            columns += ["mode_of_liability"]
            fixed = {"updated_at": self.now}
        else:
            columns += [*EVIDENCE_FIELDS, "created_at"]
            fixed = {"updated_at": self.now}
        refs = self._references(entity, recs)
        if entity == "involvement":
            recs = self._drop_duplicate_pairs(recs, refs)
        rows = []
        for rec in recs:
            row = [_bulk_value(conn, _parse(entity, c, rec[c])) for c in columns]
            row += [_bulk_value(conn, v) for v in fixed.values()]
            row += [refs[name][rec[f"{name}_uuid"]] for name in refs]
            rows.append(tuple(row))
        all_columns = (*columns, *fixed, *(f"{name}_id" for name in refs))
        ms.insert_records(conn, entity, all_columns, rows)
        keys = {rec["uuid"] for rec in recs}
        if entity == "incident":
            ids = ms.ids_by_uuid(conn, "incident", keys)
            ms.insert_crime_types(
                conn,
                ((ids[rec["uuid"]], ct) for rec in recs for ct in sorted(set(rec["crime_types"]))),
            )
            self.touched_incidents.update(ids.values())
        elif "incident" in refs:
            self.touched_incidents.update(refs["incident"][rec["incident_uuid"]] for rec in recs)
        return keys

    def _references(self, entity: str, recs: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
        """uuid -> local id of the incidents/suspects these records point to."""
        names = {"involvement": ("incident", "suspect"), "evidence": ("incident",)}.get(entity, ())
        refs: dict[str, dict[str, int]] = {}
        for name in names:
            wanted = {rec[f"{name}_uuid"] for rec in recs}
            refs[name] = ms.ids_by_uuid(self.conn, name, wanted)
            missing = wanted - set(refs[name])
            if missing:
                raise BundleError(
                    f"{PARTS[entity]}: {entity} records point to {name} {sorted(missing)[0]}, "
                    f"which is neither in the bundle nor in this database (and "
                    f"{len(missing) - 1} more); nothing was imported"
                )
        return refs

    def _drop_duplicate_pairs(
        self, recs: list[dict[str, Any]], refs: dict[str, dict[str, int]]
    ) -> list[dict[str, Any]]:
        """One involvement per suspect and incident: a second one from elsewhere is skipped."""
        taken = ms.taken_pairs(self.conn, set(refs["incident"].values()))
        kept = []
        for rec in recs:
            pair = (refs["incident"][rec["incident_uuid"]], refs["suspect"][rec["suspect_uuid"]])
            if pair in taken:
                self.report.skipped["involvement"] += 1
                self.report.note(
                    f"involvement {rec['uuid']} skipped: the same suspect is already in that "
                    f"incident as involvement {taken[pair]}"
                )
                continue
            taken[pair] = rec["uuid"]
            kept.append(rec)
        return kept

    def _insert_decisions(self, recs: list[dict[str, Any]]) -> set[str]:
        inv_ids = ms.ids_by_uuid(self.conn, "involvement", {r["involvement_uuid"] for r in recs})
        rows = []
        for rec in recs:
            inv_id = inv_ids.get(rec["involvement_uuid"])
            rule_set_id = self.rule_set_ids.get(rec["rule_set_sha256"])
            if inv_id is None or rule_set_id is None:
                self.report.skipped["decision"] += 1  # its involvement was skipped
                continue
            values = {
                f: _parse("decision", f, rec[f]) for f in (*RECOMMENDATION_FIELDS, *OVERRIDE_FIELDS)
            }
            values.update(
                involvement_id=inv_id,
                rule_set_id=rule_set_id,
                rule_set_hash=rec["rule_set_sha256"],
                effective_forum=rec["override_forum"] or rec["primary_forum"],
            )
            rows.append(values)
        if not rows:
            return set()
        columns = tuple(rows[0])
        ms.insert_records(
            self.conn,
            "decision",
            columns,
            (tuple(_bulk_value(self.conn, r[c]) for c in columns) for r in rows),
        )
        return {r["involvement_uuid"] for r in recs if inv_ids.get(r["involvement_uuid"])}

    def _apply(
        self, entity: str, row: Row[Any], mine: dict[str, Any], theirs: dict[str, Any], by: str
    ) -> None:
        before = {f: mine[f] for f in MERGE_FIELDS[entity] if mine[f] != theirs[f]}
        after = {f: theirs[f] for f in before}
        touched = apply_change(self.conn, entity, row, theirs, by or self.actor, self.now)
        self.touched_incidents |= touched
        if entity == "suspect":
            self.touched_suspects.add(row.id)
        append_audit(
            self.conn,
            self.actor,
            "merge_update",
            AUDIT_ENTITY[entity],
            theirs[key_field(entity)],
            {
                "before": before,
                "after": after,
                "source_db_id": self.source,
                "bundle_sha256": self.report.bundle_sha256,
            },
        )

    def _conflict(self, entity: str, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
        k = theirs[key_field(entity)]
        fields = [f for f in MERGE_FIELDS[entity] if mine[f] != theirs[f]]
        cid = ms.save_conflict(
            self.conn,
            ms.open_conflict_id(self.conn, entity, k, self.source),
            {
                "entity": entity,
                "uuid": k,
                "source_db_id": self.source,
                "bundle_sha256": self.report.bundle_sha256,
                "label": _label(entity, mine),
                "fields": json.dumps(fields),
                "local_values": json.dumps(mine, ensure_ascii=False),
                "remote_values": json.dumps(theirs, ensure_ascii=False),
                "status": "open",
                "created_at": self.now,
            },
        )
        self.report.conflicts[entity] += 1
        self.report.conflict_ids.append(cid)

    def _remove_children(self, entity: str) -> None:
        """Remove what the source removed: children of its incidents that it no longer lists,
        that came from it (a merge base on either side) and that nobody changed here since."""
        incident_ids = sorted(
            ms.ids_by_uuid(self.conn, "incident", self.checked.keys["incident"]).values()
        )
        listed = self.checked.keys[entity]
        gone_ids: list[int] = []
        gone_keys: list[str] = []
        for part in ms.chunks(incident_ids):
            rows = [
                r for r in ms.rows_of_incidents(self.conn, entity, part) if r.uuid not in listed
            ]
            known = ms.bases(self.conn, self.source, entity, [r.uuid for r in rows])
            for row in rows:
                bases = _bases(known.get(row.uuid), self.checked.declared.get((entity, row.uuid)))
                if not bases:
                    continue  # ours alone: the source never had it
                if content_hash(entity, wire_record(entity, row)) in bases:
                    gone_ids.append(row.id)
                    gone_keys.append(row.uuid)
                    self.touched_incidents.add(row.incident_id)
                else:
                    self.report.kept_local[entity] += 1
                    self.report.note(
                        f"{entity} {row.uuid} kept: removed in the source database, changed here"
                    )
        if gone_ids:
            ms.delete_rows(self.conn, entity, gone_ids)
            ms.delete_bases(self.conn, self.source, entity, gone_keys)
            self.report.removed[entity] += len(gone_ids)

    def _foreign_audit(self) -> None:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            known = ms.known_foreign_hashes(self.conn, self.source, {r["hash"] for r in batch})
            rows = [
                (
                    self.source,
                    r["id"],
                    _bulk_value(self.conn, dt.datetime.fromisoformat(r["at"])),
                    r["actor"],
                    r["action"],
                    r["entity"],
                    r["entity_uuid"],
                    r["details"],
                    r["prev_hash"],
                    r["hash"],
                    self.report.bundle_sha256,
                    _bulk_value(self.conn, self.now),
                )
                for r in batch
                if r["hash"] not in known
            ]
            self.report.foreign_audit += ms.insert_foreign_audit(self.conn, rows)
            batch.clear()

        for _, rec in self.bundle.records(AUDIT_PART):
            batch.append(rec)
            if len(batch) >= ms.CHUNK:
                flush()
        if batch:
            flush()


def _bases(*hashes: str | None) -> set[str]:
    """The merge bases known for a record: ours for the source, the source's for us."""
    return {h for h in hashes if h is not None}


def _bulk_value(conn: Connection, value: Any) -> Any:
    """A Python value as ``bulk_insert`` wants it (ISO text for dates on SQLite)."""
    if isinstance(value, dt.datetime):
        return ms.db_stamp(conn, value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def apply_change(
    conn: Connection,
    entity: str,
    row: Row[Any],
    target: Mapping[str, Any],
    by: str,
    now: dt.datetime,
) -> set[int]:
    """Make the stored record's merge fields those of ``target``; returns incidents touched."""
    mine = wire_record(entity, row)
    changed = [f for f in MERGE_FIELDS[entity] if f != "crime_types" and mine[f] != target[f]]
    values: dict[str, Any] = {}
    touched: set[int] = set()
    for name in changed:
        if name == "deleted":
            when = target.get("deleted_at")
            values["deleted_at"] = (
                (_parse(entity, "deleted_at", when) or now) if target["deleted"] else None
            )
        elif name in ("incident_uuid", "suspect_uuid"):
            ref = name.removesuffix("_uuid")
            ids = ms.ids_by_uuid(conn, ref, {target[name]})
            if target[name] not in ids:
                raise BundleError(f"{entity} {mine[key_field(entity)]}: no {ref} {target[name]}")
            values[f"{ref}_id"] = ids[target[name]]
        else:
            values[name] = _parse(entity, name, target[name])
    if entity in ("incident", "suspect"):
        values.update(updated_at=now, updated_by=by, row_version=row.row_version + 1)
    elif entity in ("involvement", "evidence"):
        values["updated_at"] = now
    else:
        primary = row.primary_forum
        values["effective_forum"] = target["override_forum"] or primary
    ms.update_record(conn, entity, row.involvement_id if entity == "decision" else row.id, values)
    if entity == "incident":
        ms.replace_crime_types(conn, row.id, target["crime_types"])
        touched.add(row.id)
    elif entity != "suspect":
        touched.add(row.incident_id)
        if "incident_id" in values:
            touched.add(values["incident_id"])
    return touched


# -- conflicts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    field: str
    local: Any
    remote: Any


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity: str
    uuid: str
    label: str
    source_db_id: str
    bundle_sha256: str
    created_at: dt.datetime
    status: str
    fields: tuple[FieldDiff, ...]  # local = as stored now (None if the record is gone)
    resolution: dict[str, str] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entity": self.entity,
            "uuid": self.uuid,
            "label": self.label,
            "source_db_id": self.source_db_id,
            "bundle_sha256": self.bundle_sha256,
            "created_at": self.created_at.isoformat(),
            "status": self.status,
            "fields": [
                {"field": d.field, "local": d.local, "remote": d.remote} for d in self.fields
            ],
            "resolution": self.resolution,
        }


def _current(conn: Connection, entity: str, key: str) -> tuple[Row[Any] | None, dict[str, Any]]:
    row = ms.rows_by_keys(conn, entity, [key]).get(key)
    if row is None:
        return None, {}
    cts = ms.crime_types(conn, [row.id]).get(row.id, []) if entity == "incident" else ()
    return row, wire_record(entity, row, cts)


def _view(conn: Connection, c: Row[Any]) -> ConflictView:
    remote = json.loads(c.remote_values)
    if c.status == "open":
        _, local = _current(conn, c.entity, c.uuid)
        names = [f for f in MERGE_FIELDS[c.entity] if local.get(f) != remote.get(f)]
    else:
        local = json.loads(c.local_values)
        names = json.loads(c.fields)
    return ConflictView(
        c.id,
        c.entity,
        c.uuid,
        c.label,
        c.source_db_id,
        c.bundle_sha256,
        c.created_at,
        c.status,
        tuple(FieldDiff(f, local.get(f), remote.get(f)) for f in names),
        json.loads(c.resolution) if c.resolution else None,
    )


def list_conflicts(store: Store, include_resolved: bool = False) -> list[ConflictView]:
    """Conflicts to resolve (and, with ``include_resolved``, the history), oldest first."""
    with store.engine.connect() as conn:
        rows = ms.conflicts(conn, None if include_resolved else "open")
        return [_view(conn, c) for c in rows]


def resolve_conflict(
    store: Store,
    conflict_id: int,
    take: str,
    fields: Mapping[str, str] | None = None,
) -> ConflictView:
    """Keep ``take`` (``local``/``remote``) for every differing field, except those named in
    ``fields`` (field -> local|remote). Validated, audited, then the incident is re-routed."""
    choices = {"local", "remote"}
    fields = dict(fields or {})
    for name, side in [("--take", take), *fields.items()]:
        if side not in choices:
            raise MergeError(f"{name}: choose local or remote, not {side!r}")
    now = _now()
    with store.write_engine.begin() as conn:
        c = ms.conflict(conn, conflict_id)
        if c is None:
            raise MergeError(
                f"there is no conflict {conflict_id}; list them with 'bundle conflicts'"
            )
        if c.status != "open":
            raise MergeError(f"conflict {conflict_id} was already resolved by {c.resolved_by}")
        entity = c.entity
        unknown = set(fields) - set(MERGE_FIELDS[entity])
        if unknown:
            raise MergeError(
                f"--field {sorted(unknown)[0]}: not a field of this {entity}; fields: "
                f"{', '.join(MERGE_FIELDS[entity])}"
            )
        remote = json.loads(c.remote_values)
        row, local = _current(conn, entity, c.uuid)
        if row is None:
            raise MergeError(
                f"conflict {conflict_id}: the {entity} is no longer in this database; nothing "
                "to resolve against"
            )
        resolution = {f: fields.get(f, take) for f in MERGE_FIELDS[entity] if local[f] != remote[f]}
        merged = {**local, **{f: remote[f] for f, side in resolution.items() if side == "remote"}}
        _, problems = parse_record(entity, merged)
        if problems:
            raise MergeError(
                f"conflict {conflict_id}: that combination is not a valid {entity}: "
                + "; ".join(str(p) for p in problems)
            )
        touched: set[int] = set()
        if merged != local:
            touched = apply_change(conn, entity, row, merged, store.actor, now)
            if entity == "suspect":
                touched |= ms.incidents_of_suspects(conn, [row.id])
        ms.mark_resolved(conn, conflict_id, store.actor, now, json.dumps(resolution))
        append_audit(
            conn,
            store.actor,
            "merge_resolve",
            AUDIT_ENTITY[entity],
            c.uuid,
            {
                "conflict": conflict_id,
                "resolution": resolution,
                "before": {f: local[f] for f in resolution},
                "after": {f: merged[f] for f in resolution},
                "source_db_id": c.source_db_id,
            },
        )
        view = _view(conn, ms.conflict(conn, conflict_id))  # type: ignore[arg-type]
    _reroute(store, sorted(touched))
    return view
