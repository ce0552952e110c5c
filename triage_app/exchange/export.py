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

from triage_app import __version__
from triage_app.db.export_queries import (
    evidence_rows,
    export_sizes,
    forum_counts,
    forum_crime_type_counts,
    incident_rows,
    region_totals,
    rule_set_info,
    rule_set_text,
    suspect_rows,
)
from triage_app.db.types import Connection
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


class ExportCancelled(Exception):
    """The user cancelled; no file was left under the target name."""


@dataclass
class ExportCounts:
    rows: dict[str, int] = field(default_factory=dict)  # data sheet -> rows
    sheets: list[str] = field(default_factory=list)


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
            text = rule_set_text(self.conn, rule_set_id)
            rules = self.rules[rule_set_id] = {
                r.id: (r.text_uk if self.lang == "uk" else r.text_en, r.basis)
                for r in parse_rule_set(text, "<stored rule set>").rules
            }
        return rules.get(winner, ("", ""))


def _suspect_rows(
    conn: Connection, f: CaseFilter, explainer: _Explainer
) -> Iterator[dict[str, Any]]:
    for d in suspect_rows(conn, f):
        d["person_type"] = "LEGAL" if d["is_legal_person"] else "NATURAL"
        d["custody"] = d["custody"] or "UNKNOWN"
        if d["error"]:
            d["rationale"] = d["error"]
        elif d["rule_set_id"] is not None:
            d["rationale"], d["basis"] = explainer.explain(d["rule_set_id"], d["winner"])
        yield d


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
    "yes": ("yes", "так"),
    "editing": ("Editing this file", "Редагування цього файлу"),
    "editing_note": (
        "Import it back with File > Import from Excel (or triage-app import). Columns the "
        "rules compute "
        "(recommended and secondary forums, flags, winning rule, rationale, legal basis) are "
        "not imported: to send a suspect to another forum, fill in Override forum and "
        "Override reason. An incident changed in the database after this export is not "
        "overwritten: the import names its row.",
        "Імпортуйте його назад: Файл > Імпортувати з Excel (або triage-app import). "
        "Колонки, які "
        "обчислюють правила (рекомендований і додаткові форуми, позначки, правило-переможець, "
        "обґрунтування, правова підстава), не імпортуються: щоб скерувати підозрюваного до "
        "іншого форуму, заповніть «Форум (рішення прокурора)» і «Підстава зміни форуму». "
        "Інцидент, змінений у базі після цього експорту, не перезаписується: імпорт назве "
        "його рядок.",
    ),
}

# The case-list filter's criteria as the About sheet names them, in ``CaseFilter``'s order;
# a coded criterion shows its label in the export's language beside the code.
FILTER_FIELDS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("crime_type", Kind.CODE, "Crime type", "Вид злочину", vocab="crime_types"),
        Column(
            "command_level",
            Kind.CODE,
            "Command level",
            "Рівень командування",
            vocab="command_levels",
        ),
        Column("forum", Kind.CODE, "Effective forum", "Чинний форум", vocab="forums"),
        Column("region", Kind.CODE, "Region", "Регіон", vocab="regions"),
        Column("status", Kind.CODE, "Status", "Статус", vocab="statuses"),
        Column("date_from", Kind.DATE, "Date from", "Дата від"),
        Column("date_to", Kind.DATE, "Date to", "Дата до"),
        Column("text", Kind.TEXT, "Text search", "Пошук у тексті"),
        Column("include_deleted", Kind.TEXT, "Deleted incidents included", "Разом із видаленими"),
    )
}


def _t(key: str, lang: str) -> str:
    en, uk = _TEXT[key]
    return uk if lang == "uk" else en


def _summary(wb: Workbook, conn: Connection, f: CaseFilter, lang: str) -> None:
    v = vocabularies()
    forum_ct: Counter[tuple[str, str]] = Counter()
    forum_total: Counter[str] = Counter()
    for forum, ct, n in forum_crime_type_counts(conn, f):
        forum_ct[(forum or "", ct)] += n
    for forum, n in forum_counts(conn, f):
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
    for r in region_totals(conn, f):
        name = label("regions", r.region, lang) if r.region else ""
        rows.append([r.region, name, r.incidents, r.involvements, r.killed, r.injured])
    small_sheet(wb, SUMMARY, header, rows)


def _labelled(vocab: str, code: str, lang: str) -> str:
    """``War crimes (CT_WC)``: a code with its label, or the code alone if no longer known."""
    name = label(vocab, code, lang)
    return code if name == code else f"{name} ({code})"


def _filter_rows(case_filter: CaseFilter, lang: str) -> list[list[object]]:
    """The filter's criteria by their names in ``lang``; codes with their labels, real dates."""
    rows: list[list[object]] = []
    for key, text in case_filter.describe().items():
        col = FILTER_FIELDS.get(key)
        value = getattr(case_filter, key)
        shown: object = text
        if col is None:  # a criterion this table does not know yet: as the filter says it
            name = key
        else:
            name = col.header(lang)
            if col.kind is Kind.CODE and col.vocab:
                shown = _labelled(col.vocab, value, lang)
            elif col.kind is Kind.DATE:
                shown = value
            elif isinstance(value, bool):
                shown = _t("yes", lang)
        rows.append([f"{_t('filter', lang)}: {name}", shown])
    return rows


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
    if case_filter.is_empty():
        rows.append([_t("filter", lang), _t("no_filter", lang)])
    rows += _filter_rows(case_filter, lang)
    if case_filter.forum:
        rows.append([_t("suspects_scope", lang), _labelled("forums", case_filter.forum, lang)])
    for rid in sorted(rule_set_ids):
        r = rule_set_info(conn, rid)
        rows.append([_t("rule_set", lang), f"{r.name} {r.version}", r.sha256])
    for sheet, n in counts.rows.items():
        rows.append([f"{_t('rows', lang)}: {sheet}", n])
    rows.append([_t("sheets", lang), LIST_SEPARATOR.join(counts.sheets)])
    rows.append([_t("editing", lang), _t("editing_note", lang)])
    small_sheet(wb, ABOUT, [_t("item", lang), _t("value", lang)], rows)


# -- the whole workbook ------------------------------------------------------------------------


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
    sizes = export_sizes(conn, f)
    expected = {INCIDENTS: sizes.incidents, SUSPECTS: sizes.suspects, EVIDENCE: sizes.evidence}
    total = sum(expected.values())
    done = 0
    counts = ExportCounts()
    wb = Workbook(write_only=True)
    explainer = _Explainer(conn, lang)
    sources = (
        (INCIDENTS, INCIDENT_COLUMNS, incident_rows(conn, f)),
        (SUSPECTS, SUSPECT_COLUMNS, _suspect_rows(conn, f, explainer)),
        (EVIDENCE, EVIDENCE_COLUMNS, evidence_rows(conn, f)),
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
            _summary(wb, conn, f, lang)
            exported_at = now or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            _about(wb, conn, f, lang, counts, list(explainer.used), exported_at)
            wb.save(tmp)
    except BaseException:
        discard(wb)
        raise
    if progress is not None:
        progress(total, total)
    return counts
