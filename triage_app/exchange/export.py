"""Export the case list (a filter, or everything) to one .xlsx, streaming from the database.

Rows are read with server-side cursors in the case list's date order and written through
openpyxl's write-only mode, so memory stays flat however many incidents there are. Sheets:
Incidents, Suspects (one row per involvement, with its route), Evidence, Summary, About.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Connection, Select, func, select

from triage_app import __version__
from triage_app.db.case_queries import _filtered
from triage_app.db.tables import dec, evi, ict, inc, inv, rst, sus
from triage_app.domain.case_filter import CaseFilter
from triage_app.domain.rules import parse_rule_set
from triage_app.domain.vocab import vocabularies
from triage_app.exchange.columns import (
    ABOUT,
    EVIDENCE,
    EVIDENCE_COLUMNS,
    EXCEL_MAX_ROWS,
    INCIDENT_COLUMNS,
    INCIDENTS,
    LIST_SEPARATOR,
    SUMMARY,
    SUSPECT_COLUMNS,
    SUSPECTS,
    Column,
    Kind,
    label,
)
from triage_app.exchange.xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    ColumnFormat,
    SheetWriter,
    as_excel_datetime,
    atomic_path,
    discard,
    small_sheet,
)

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
PROGRESS_EVERY = 2_000
FETCH = 2_000


class ExportCancelled(Exception):
    """The user cancelled; no file was left under the target name."""


@dataclass
class ExportCounts:
    rows: dict[str, int] = field(default_factory=dict)  # data sheet -> rows
    sheets: list[str] = field(default_factory=list)


def filtered_ids(conn: Connection, case_filter: CaseFilter) -> Select[tuple[int]]:
    """The case list's filtered incident-id select (same criteria, FTS5 search included)."""
    return _filtered(conn, case_filter)


def _in_filter(conn: Connection, case_filter: CaseFilter) -> Any:
    sub = filtered_ids(conn, case_filter).subquery()
    return select(sub.c.id)


def _joined(conn: Connection, column: Any) -> Any:
    """Codes of one incident joined by spaces (``group_concat`` / ``string_agg``)."""
    if conn.dialect.name == "postgresql":
        return func.string_agg(column, " ")
    return func.group_concat(column, " ")


def _stream(conn: Connection, stmt: Any) -> Iterator[Any]:
    result = conn.execution_options(stream_results=True, yield_per=FETCH).execute(stmt)
    yield from result


# -- cell values per column ------------------------------------------------------------------


def _renderer(col: Column, lang: str) -> Callable[[Any], Any]:
    """Turn a field value into the cell value of ``col`` (labels in ``lang``)."""
    vocab = col.vocab or ""
    if col.kind is Kind.LABEL:
        return lambda v: label(vocab, v, lang) if v else None
    if col.kind is Kind.CODES:
        return lambda v: LIST_SEPARATOR.join(v) if v else None
    if col.kind is Kind.LABELS:
        return lambda v: LIST_SEPARATOR.join(label(vocab, c, lang) for c in v) if v else None
    if col.kind is Kind.DATETIME:
        return as_excel_datetime
    return lambda v: v


def _formats(columns: Sequence[Column], lang: str) -> list[ColumnFormat]:
    fmt = {Kind.DATE: DATE_FORMAT, Kind.DATETIME: DATETIME_FORMAT}
    return [
        ColumnFormat(c.header(lang), c.width, c.kind is Kind.LONG, fmt.get(c.kind)) for c in columns
    ]


class _Sheet:
    """A data sheet: field dicts in, rendered rows out through a ``SheetWriter``."""

    def __init__(
        self,
        wb: Workbook,
        title: str,
        columns: Sequence[Column],
        lang: str,
        max_rows: int,
        expected_rows: int,
    ) -> None:
        self.keys = [c.key for c in columns]
        self.render = [_renderer(c, lang) for c in columns]
        formats = _formats(columns, lang)
        self.writer = SheetWriter(wb, title, formats, max_rows, expected_rows=expected_rows)

    def add(self, values: Mapping[str, Any]) -> None:
        self.writer.append([r(values.get(k)) for k, r in zip(self.keys, self.render, strict=True)])


# -- the three data sheets -------------------------------------------------------------------


def _incident_rows(conn: Connection, ids: Any) -> Iterator[dict[str, Any]]:
    cts = (
        select(_joined(conn, ict.c.crime_type))
        .where(ict.c.incident_id == inc.c.id)
        .scalar_subquery()
    )
    stmt = (
        select(inc, cts.label("cts")).where(inc.c.id.in_(ids)).order_by(inc.c.date_from, inc.c.id)
    )
    for r in _stream(conn, stmt):
        d = dict(r._mapping)
        d["crime_types"] = sorted((r.cts or "").split())
        yield d


class _Explainer:
    """The winning rule's rationale and basis, from the rule-set text the decision used."""

    def __init__(self, conn: Connection, lang: str) -> None:
        self.conn, self.lang = conn, lang
        self.rules: dict[int, dict[str, tuple[str, str]]] = {}
        self.used: Counter[int] = Counter()

    def explain(self, rule_set_id: int, winner: str) -> tuple[str, str]:
        self.used[rule_set_id] += 1
        rules = self.rules.get(rule_set_id)
        if rules is None:
            text = self.conn.execute(select(rst.c.text).where(rst.c.id == rule_set_id)).scalar_one()
            rules = self.rules[rule_set_id] = {
                r.id: (r.text_uk if self.lang == "uk" else r.text_en, r.basis)
                for r in parse_rule_set(text, "<stored rule set>").rules
            }
        return rules.get(winner, ("", ""))


def _suspect_conditions(ids: Any, f: CaseFilter) -> list[Any]:
    """Which involvements the Suspects sheet and the summary count. With a forum filter only
    the suspects routed to that forum: a case list for the ICC lists no one routed elsewhere."""
    conds = [inv.c.incident_id.in_(ids), sus.c.deleted_at.is_(None)]
    if f.forum:
        conds.append(dec.c.effective_forum == f.forum)
    return conds


def _suspect_rows(
    conn: Connection, ids: Any, f: CaseFilter, explainer: _Explainer
) -> Iterator[dict[str, Any]]:
    stmt = (
        select(
            inc.c.reference.label("incident_reference"),
            inc.c.uuid.label("incident_uuid"),
            inv.c.uuid,
            inv.c.mode_of_liability,
            sus.c.uuid.label("suspect_uuid"),
            sus.c.name,
            sus.c.name_latin,
            sus.c.is_legal_person,
            sus.c.rank_role,
            sus.c.unit,
            sus.c.command_level,
            sus.c.custody,
            sus.c.nationality,
            dec.c.primary_forum,
            dec.c.secondary_forums,
            dec.c.flags,
            dec.c.winner,
            dec.c.error,
            dec.c.rule_set_id,
            dec.c.override_forum,
            dec.c.override_reason,
        )
        .select_from(
            inv.join(inc, inc.c.id == inv.c.incident_id)
            .join(sus, sus.c.id == inv.c.suspect_id)
            .outerjoin(dec, dec.c.involvement_id == inv.c.id)
        )
        .where(*_suspect_conditions(ids, f))
        .order_by(inc.c.date_from, inc.c.id, inv.c.id)
    )
    for r in _stream(conn, stmt):
        d = dict(r._mapping)
        d["person_type"] = "LEGAL" if r.is_legal_person else "NATURAL"
        d["custody"] = r.custody or "UNKNOWN"
        d["secondary_forums"] = (r.secondary_forums or "").split()
        d["flags"] = (r.flags or "").split()
        if r.error:
            d["rationale"] = r.error
        elif r.rule_set_id is not None:
            d["rationale"], d["basis"] = explainer.explain(r.rule_set_id, r.winner)
        yield d


def _evidence_rows(conn: Connection, ids: Any) -> Iterator[dict[str, Any]]:
    stmt = (
        select(
            inc.c.reference.label("incident_reference"),
            inc.c.uuid.label("incident_uuid"),
            evi,
        )
        .select_from(evi.join(inc, inc.c.id == evi.c.incident_id))
        .where(evi.c.incident_id.in_(ids))
        .order_by(inc.c.date_from, inc.c.id, evi.c.id)
    )
    for r in _stream(conn, stmt):
        yield dict(r._mapping)


# -- Summary and About -------------------------------------------------------------------------

_TEXT = {
    "forum": ("Effective forum", "Чинний форум"),
    "suspects_scope": (
        "Suspects listed: only those routed to",
        "Підозрювані у списку: лише скеровані до",
    ),
    "total": ("All involvements", "Усі участі"),
    "unrouted": ("Not routed", "Не маршрутизовано"),
    "region": ("Region", "Регіон"),
    "incidents": ("Incidents", "Інциденти"),
    "involvements": ("Involvements", "Участі"),
    "killed": ("Victims killed", "Загиблі"),
    "injured": ("Victims injured", "Поранені"),
    "by_region": ("Incidents by region", "Інциденти за регіонами"),
    "item": ("Item", "Пункт"),
    "value": ("Value", "Значення"),
    "exported_at": ("Exported at (UTC)", "Час експорту (UTC)"),
    "app": ("Application", "Програма"),
    "language": ("Language", "Мова"),
    "filter": ("Filter", "Фільтр"),
    "no_filter": ("none: all live incidents", "немає: усі чинні інциденти"),
    "rule_set": ("Rule set", "Набір правил"),
    "rows": ("Rows", "Рядків"),
    "sheets": ("Sheets", "Аркуші"),
    "code": ("code", "код"),
}


def _t(key: str, lang: str) -> str:
    en, uk = _TEXT[key]
    return uk if lang == "uk" else en


def _summary(wb: Workbook, conn: Connection, ids: Any, f: CaseFilter, lang: str) -> None:
    v = vocabularies()
    forum_ct: Counter[tuple[str, str]] = Counter()
    forum_total: Counter[str] = Counter()
    live_inv = inv.join(sus, sus.c.id == inv.c.suspect_id).outerjoin(
        dec, dec.c.involvement_id == inv.c.id
    )
    where = _suspect_conditions(ids, f)
    for forum, ct, n in conn.execute(
        select(dec.c.effective_forum, ict.c.crime_type, func.count())
        .select_from(live_inv.join(ict, ict.c.incident_id == inv.c.incident_id))
        .where(*where)
        .group_by(dec.c.effective_forum, ict.c.crime_type)
    ):
        forum_ct[(forum or "", ct)] += n
    for forum, n in conn.execute(
        select(dec.c.effective_forum, func.count())
        .select_from(live_inv)
        .where(*where)
        .group_by(dec.c.effective_forum)
    ):
        forum_total[forum or ""] += n
    cts = [t.code for t in v.crime_types]
    header = [
        f"{_t('forum', lang)} ({_t('code', lang)})",
        _t("forum", lang),
        *(f"{label('crime_types', c, lang)} ({c})" for c in cts),
        _t("total", lang),
    ]
    rows: list[list[object]] = []
    forums = (
        [t.code for t in v.forums] + sorted(set(forum_total) - set(v.forums.codes) - {""}) + [""]
    )
    for code in forums:
        if code not in forum_total:
            continue
        name = label("forums", code, lang) if code else _t("unrouted", lang)
        rows.append([code, name, *(forum_ct[(code, c)] for c in cts), forum_total[code]])
    rows += [[], [_t("by_region", lang)]]
    rows.append(
        [
            f"{_t('region', lang)} ({_t('code', lang)})",
            _t("region", lang),
            _t("incidents", lang),
            _t("involvements", lang),
            _t("killed", lang),
            _t("injured", lang),
        ]
    )
    n_inv = (
        select(func.count()).select_from(inv).where(inv.c.incident_id == inc.c.id).scalar_subquery()
    )
    for region, n, invs, killed, injured in conn.execute(
        select(
            inc.c.oblast_code,
            func.count(),
            func.sum(n_inv),
            func.sum(inc.c.victims_killed),
            func.sum(inc.c.victims_injured),
        )
        .where(inc.c.id.in_(ids))
        .group_by(inc.c.oblast_code)
        .order_by(inc.c.oblast_code)
    ):
        name = label("regions", region, lang) if region else ""
        rows.append([region, name, n, int(invs or 0), int(killed or 0), int(injured or 0)])
    small_sheet(wb, SUMMARY, header, rows)


def _about(
    wb: Workbook,
    conn: Connection,
    case_filter: CaseFilter,
    lang: str,
    counts: ExportCounts,
    rule_set_ids: Sequence[int],
    exported_at: dt.datetime,
) -> None:
    rows: list[list[object]] = [
        [_t("exported_at", lang), exported_at],
        [_t("app", lang), f"Triage {__version__}"],
        [_t("language", lang), lang],
    ]
    criteria = case_filter.describe()
    if not criteria:
        rows.append([_t("filter", lang), _t("no_filter", lang)])
    rows += [[f"{_t('filter', lang)}: {k}", val] for k, val in criteria.items()]
    if case_filter.forum:
        rows.append([_t("suspects_scope", lang), case_filter.forum])
    for rid in sorted(rule_set_ids):
        r = conn.execute(
            select(rst.c.name, rst.c.version, rst.c.sha256).where(rst.c.id == rid)
        ).one()
        rows.append([_t("rule_set", lang), f"{r.name} {r.version}", r.sha256])
    for sheet, n in counts.rows.items():
        rows.append([f"{_t('rows', lang)}: {sheet}", n])
    rows.append([_t("sheets", lang), LIST_SEPARATOR.join(counts.sheets)])
    small_sheet(wb, ABOUT, [_t("item", lang), _t("value", lang)], rows)


# -- the whole workbook ------------------------------------------------------------------------


def _row_counts(conn: Connection, ids: Any, f: CaseFilter) -> dict[str, int]:
    """Rows each data sheet will hold (the same snapshot as the rows: one transaction)."""
    live_inv = inv.join(sus, sus.c.id == inv.c.suspect_id).outerjoin(
        dec, dec.c.involvement_id == inv.c.id
    )
    stmts = {
        INCIDENTS: select(func.count()).select_from(inc).where(inc.c.id.in_(ids)),
        SUSPECTS: select(func.count()).select_from(live_inv).where(*_suspect_conditions(ids, f)),
        EVIDENCE: select(func.count()).select_from(evi).where(evi.c.incident_id.in_(ids)),
    }
    return {sheet: int(conn.execute(stmt).scalar_one()) for sheet, stmt in stmts.items()}


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise ExportCancelled("export cancelled; no file was written")


def export_workbook(
    conn: Connection,
    path: Path,
    case_filter: CaseFilter | None = None,
    lang: str = "en",
    progress: Progress | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
    now: dt.datetime | None = None,
) -> ExportCounts:
    """Write the workbook for ``case_filter`` to ``path`` (atomically); returns row counts.

    ``max_rows`` (header included) is Excel's limit; tests lower it to see continuations.
    """
    f = case_filter or CaseFilter()
    ids = _in_filter(conn, f)
    expected = _row_counts(conn, ids, f)
    total = sum(expected.values())
    done = 0
    counts = ExportCounts()
    wb = Workbook(write_only=True)
    explainer = _Explainer(conn, lang)
    sources = (
        (INCIDENTS, INCIDENT_COLUMNS, _incident_rows(conn, ids)),
        (SUSPECTS, SUSPECT_COLUMNS, _suspect_rows(conn, ids, f, explainer)),
        (EVIDENCE, EVIDENCE_COLUMNS, _evidence_rows(conn, ids)),
    )
    try:
        with atomic_path(path) as tmp:
            for title, columns, rows in sources:
                sheet = _Sheet(wb, title, columns, lang, max_rows, expected[title])
                for values in rows:
                    sheet.add(values)
                    done += 1
                    if done % PROGRESS_EVERY == 0:
                        _report(progress, done, total)
                sheet.writer.close()
                _report(progress, done, total)
                counts.rows[title] = sheet.writer.rows
                counts.sheets += sheet.writer.titles
            counts.sheets += [SUMMARY, ABOUT]
            _summary(wb, conn, ids, f, lang)
            exported_at = now or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            _about(wb, conn, f, lang, counts, list(explainer.used), exported_at)
            wb.save(tmp)
    except BaseException:
        discard(wb)
        raise
    if progress is not None:
        progress(total, total)
    return counts
