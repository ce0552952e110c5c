"""The incident editor: incident fields, crime-type tags, suspects with involvement, evidence.

Every field shows what is wrong with it right under it (the domain validators, shown in the
interface language). Saving is one service call: one transaction, one audit entry, re-route.
Closing with unsaved edits asks whether to save, discard or keep editing.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStatusBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.records import (
    VICTIMS_MAX,
    EvidenceRecord,
    FieldProblem,
    IncidentRecord,
    InvolvementRecord,
    RecordError,
    SuspectRecord,
    evidence_problems,
    incident_problems,
    involvement_problems,
)
from triage_app.domain.vocab import vocabularies
from triage_app.services.evidence import can_keep_copies, keep_copy
from triage_app.services.incidents import (
    ConflictError,
    find_suspects,
    load_incident,
    save_incident,
)
from triage_app.services.store import Store
from triage_app.ui.dialogs import ConfirmDialog, ErrorDialog, describe_error
from triage_app.ui.i18n import current_language
from triage_app.ui.problems import problem_text
from triage_app.ui.widgets import CodeCombo, ErrorLabel, OptionalDateEdit, RowsModel, TagPicker
from triage_app.ui.workers import Task, TaskRunner

CUSTODY_CHOICES = ("UNKNOWN", "UA", "THIRD_STATE", "NONE")


def _text(w: QLineEdit) -> str | None:
    return w.text().strip() or None


def _float(w: QLineEdit) -> float | str | None:
    """A coordinate: None when empty, the float, or the raw text (the validator names it)."""
    raw = w.text().strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return raw


class _Form:
    """A grid of (label, field, error line) rows; errors are looked up by field name."""

    def __init__(self, parent: QWidget, columns: int = 2) -> None:
        self.widget = QWidget(parent)
        self.grid = QGridLayout(self.widget)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.columns = columns
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._n = 0

    def add(self, name: str, field: QWidget, span: int = 1) -> None:
        col = (self._n % self.columns) * 2
        row = (self._n // self.columns) * 2
        label = QLabel(self.widget)
        label.setBuddy(field)
        if span > 1 and not isinstance(field, QLineEdit):  # a tall field: label at its top
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)  # level with the first line of the field
        else:
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        error = ErrorLabel(self.widget)
        error.setObjectName(f"error_{name}")
        field.setObjectName(f"field_{name}")
        width = 1 + (span - 1) * 2
        self.grid.addWidget(label, row, col)
        self.grid.addWidget(field, row, col + 1, 1, width)
        self.grid.addWidget(error, row + 1, col + 1, 1, width)
        self.labels[name], self.fields[name], self.errors[name] = label, field, error
        self._n += span if span <= self.columns else self.columns
        if self._n % self.columns and span > 1:
            self._n += self.columns - self._n % self.columns

    def show_problems(
        self, problems: list[FieldProblem], prefix: str = "", only: set[str] | None = None
    ) -> list[str]:
        """Show each problem under its field (of ``only``, if given); returns their names."""
        by_field: dict[str, list[str]] = {}
        for p in problems:
            name = p.field[len(prefix) :] if p.field.startswith(prefix) else p.field
            if only is not None and name not in only:
                continue
            by_field.setdefault(name, []).append(problem_text(p))
        for name, label in self.errors.items():
            label.show_message(" ".join(by_field.get(name, [])) or None)
        return [n for n in self.fields if n in by_field]


class SuspectPicker(QDialog):
    """Find an existing suspect by name, Latin name or unit."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("suspectPicker")
        self.setWindowTitle(self.tr("Add an existing suspect"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, Latin name or unit (at least 2 letters)"))
        self.results = QListWidget(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.status = QStatusBar(self)
        self.status.setSizeGripEnabled(False)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        # A substring search reads every suspect (about 0.5 s at 240,000): off the UI thread,
        # once typing pauses, the newest search winning.
        self.runner = TaskRunner(self, self.status)
        self.searched: str | None = None  # the text the list shows the results of
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(lambda: self._find(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(lambda: self.results.setFocus())
        self.results.itemActivated.connect(lambda _i: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _find(self, text: str) -> None:
        if len(text.strip()) < 2:
            self.runner.cancel_all()
            self.results.clear()
            self.searched = text
            return
        store = self.store
        self.runner.run(
            self.tr("Searching suspects"),
            lambda _task: find_suspects(store, text),
            lambda hits: self._show(text, hits),
            kind="suspect-search",
            quiet=True,
        )

    def _show(self, text: str, hits: list[Any]) -> None:
        if text != self.search.text():  # typed on since: a newer search (or none) decides
            return
        self.results.clear()
        self.searched = text
        lang = current_language()
        for hit in hits:
            s = hit.record
            level = vocabularies().command_levels.label(s.command_level, lang)
            item = QListWidgetItem(
                f"{s.name} — {s.unit or ''} · {level} · "
                + self.tr("%n incident(s)", "", hit.incidents)
            )
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def chosen(self) -> SuspectRecord | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def done(self, result: int) -> None:
        self._timer.stop()
        self.runner.cancel_all()
        self.runner.wait()  # a search under way finishes (it cannot be interrupted)
        super().done(result)

    @classmethod
    def ask(cls, store: Store, parent: QWidget | None = None) -> SuspectRecord | None:
        dialog = cls(store, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class IncidentEditor(QDialog):
    """New (``incident_id`` None) or existing incident. ``saved_id`` is set after a save."""

    def __init__(
        self, store: Store, incident_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.incident_id = incident_id
        self.row_version: int | None = None
        self.saved_id: int | None = None
        self.dirty = False
        self._loading = False
        # A new incident shows a field's problem once the field was touched or a save tried.
        self._touched: set[str] | None = set() if incident_id is None else None
        self.setObjectName("incidentEditor")
        self.resize(1060, 760)
        v = vocabularies()
        lang = current_language()

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editorTabs")
        # -- incident -------------------------------------------------------------------
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        self.form = _Form(page)
        self.reference = QLineEdit(page)
        self.title = QLineEdit(page)
        self.date_from = OptionalDateEdit(page)
        self.date_to = OptionalDateEdit(page)
        self.date_precision = CodeCombo(v.date_precisions, lang, None, page)
        self.status = CodeCombo(v.statuses, lang, None, page)
        self.country = QLineEdit("UA", page)
        self.country.setMaxLength(2)
        self.country.setInputMask(">AA;_")
        self.oblast = CodeCombo(v.regions, lang, "—", page)
        self.settlement = QLineEdit(page)
        self.latitude = QLineEdit(page)
        self.longitude = QLineEdit(page)
        self.victims_killed = QSpinBox(page)
        self.victims_injured = QSpinBox(page)
        for spin in (self.victims_killed, self.victims_injured):
            spin.setRange(0, VICTIMS_MAX)
        self.crime_types = TagPicker(v.crime_types, lang, page)
        self.description = QPlainTextEdit(page)
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(110)
        f = self.form
        f.add("reference", self.reference)
        f.add("status", self.status)
        f.add("title", self.title, span=2)
        f.add("date_from", self.date_from)
        f.add("date_to", self.date_to)
        f.add("date_precision", self.date_precision)
        f.add("country", self.country)
        f.add("oblast_code", self.oblast)
        f.add("settlement", self.settlement)
        f.add("latitude", self.latitude)
        f.add("longitude", self.longitude)
        f.add("victims_killed", self.victims_killed)
        f.add("victims_injured", self.victims_injured)
        f.add("crime_types", self.crime_types, span=2)
        f.add("description", self.description, span=2)
        f.grid.setColumnStretch(1, 1)
        f.grid.setColumnStretch(3, 1)
        f.grid.setRowStretch(f.grid.rowCount() - 2, 1)  # the description takes the rest
        page_layout.addWidget(f.widget)
        self.tabs.addTab(page, "")

        # -- suspects -------------------------------------------------------------------
        self.involvements = RowsModel(self._involvement_columns(), self)
        self.suspects_page = QWidget(self)
        sp = QVBoxLayout(self.suspects_page)
        self.suspect_table = QTableView(self.suspects_page)
        self.suspect_table.setObjectName("suspectTable")
        self.suspect_table.setModel(self.involvements)
        self._setup_table(self.suspect_table)
        buttons = QHBoxLayout()
        self.add_suspect_button = QPushButton(self.suspects_page)
        self.add_suspect_button.setObjectName("addSuspectButton")
        self.add_existing_button = QPushButton(self.suspects_page)
        self.add_existing_button.setObjectName("addExistingSuspectButton")
        self.remove_suspect_button = QPushButton(self.suspects_page)
        self.remove_suspect_button.setObjectName("removeSuspectButton")
        for b in (self.add_suspect_button, self.add_existing_button, self.remove_suspect_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        sp.addWidget(self.suspect_table, 2)
        sp.addLayout(buttons)
        self.suspect_box = QGroupBox(self.suspects_page)
        sbox = QVBoxLayout(self.suspect_box)
        self.sform = _Form(self.suspect_box)
        self.s_name = QLineEdit()
        self.s_name_latin = QLineEdit()
        self.s_legal = QCheckBox()
        self.s_rank = QLineEdit()
        self.s_unit = QLineEdit()
        self.s_level = CodeCombo(v.command_levels, lang, None)
        self.s_nationality = QLineEdit()
        self.s_nationality.setInputMask(">AA;_")
        self.s_custody = CodeCombo(v.custody, lang, None, codes=CUSTODY_CHOICES)
        self.s_mode = CodeCombo(v.modes_of_liability, lang, None)
        sf = self.sform
        sf.add("suspect.name", self.s_name)
        sf.add("suspect.name_latin", self.s_name_latin)
        sf.add("suspect.is_legal_person", self.s_legal)
        sf.add("suspect.command_level", self.s_level)
        sf.add("suspect.rank_role", self.s_rank)
        sf.add("suspect.unit", self.s_unit)
        sf.add("suspect.nationality", self.s_nationality)
        sf.add("suspect.custody", self.s_custody)
        sf.add("mode_of_liability", self.s_mode)
        sf.grid.setColumnStretch(1, 1)
        sf.grid.setColumnStretch(3, 1)
        sbox.addWidget(sf.widget)
        sp.addWidget(self.suspect_box, 3)
        self.tabs.addTab(self.suspects_page, "")

        # -- evidence -------------------------------------------------------------------
        self.evidence = RowsModel(self._evidence_columns(), self)
        self.evidence_page = QWidget(self)
        ep = QVBoxLayout(self.evidence_page)
        self.evidence_table = QTableView(self.evidence_page)
        self.evidence_table.setObjectName("evidenceTable")
        self.evidence_table.setModel(self.evidence)
        self._setup_table(self.evidence_table)
        ebuttons = QHBoxLayout()
        self.add_evidence_button = QPushButton(self.evidence_page)
        self.add_evidence_button.setObjectName("addEvidenceButton")
        self.attach_button = QPushButton(self.evidence_page)
        self.attach_button.setObjectName("attachFileButton")
        self.keep_copy_check = QCheckBox(self.evidence_page)
        self.keep_copy_check.setObjectName("keepCopyCheck")
        self.keep_copy_check.setEnabled(can_keep_copies(store))
        self.remove_evidence_button = QPushButton(self.evidence_page)
        self.remove_evidence_button.setObjectName("removeEvidenceButton")
        for b in (
            self.add_evidence_button,
            self.attach_button,
            self.keep_copy_check,
            self.remove_evidence_button,
        ):
            ebuttons.addWidget(b)
        ebuttons.addStretch(1)
        ep.addWidget(self.evidence_table, 2)
        ep.addLayout(ebuttons)
        self.evidence_box = QGroupBox(self.evidence_page)
        ebox = QVBoxLayout(self.evidence_box)
        self.eform = _Form(self.evidence_box)
        self.e_kind = CodeCombo(v.evidence_kinds, lang, None)
        self.e_source = QLineEdit()
        self.e_description = QPlainTextEdit()
        self.e_description.setTabChangesFocus(True)
        self.e_description.setMaximumHeight(90)
        self.e_file = QLineEdit()
        self.e_file.setReadOnly(True)
        self.e_sha = QLineEdit()
        self.e_sha.setReadOnly(True)
        self.e_notes = QPlainTextEdit()
        self.e_notes.setTabChangesFocus(True)
        self.e_notes.setMaximumHeight(70)
        ef = self.eform
        ef.add("kind", self.e_kind)
        ef.add("source", self.e_source)
        ef.add("description", self.e_description, span=2)
        ef.add("file_name", self.e_file)
        ef.add("sha256", self.e_sha)
        ef.add("custody_notes", self.e_notes, span=2)
        ef.grid.setColumnStretch(1, 1)
        ef.grid.setColumnStretch(3, 1)
        ebox.addWidget(ef.widget)
        ep.addWidget(self.evidence_box, 3)
        self.tabs.addTab(self.evidence_page, "")

        # -- buttons --------------------------------------------------------------------
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.status_bar = QStatusBar(self)
        self.status_bar.setSizeGripEnabled(False)
        self.runner = TaskRunner(self, self.status_bar)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_bar, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        self._connect()
        self.retranslate()
        if incident_id is not None:
            self._load(incident_id)
        else:
            self.date_from.set_value(None)
        self.validate()
        self._select(self.suspect_table, 0)
        self._select(self.evidence_table, 0)
        self._sync_suspect_form()
        self._sync_evidence_form()
        self.dirty = False
        self.reference.setFocus()

    # -- set-up ---------------------------------------------------------------------------
    @staticmethod
    def _setup_table(table: QTableView) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        # a few rows: columns as wide as their text (Ukrainian labels are long), the last
        # one taking what is left
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.dataChanged):
            signal.connect(lambda *_: table.resizeColumnsToContents())

    def _involvement_columns(self) -> list[tuple[str, Any]]:
        v, lang = vocabularies(), current_language()
        return [
            (self.tr("Name"), lambda i: i.suspect.name or self.tr("(no name yet)")),
            (
                self.tr("Command level"),
                lambda i: v.command_levels.label(i.suspect.command_level, lang),
            ),
            (
                self.tr("Mode of liability"),
                lambda i: v.modes_of_liability.label(i.mode_of_liability, lang),
            ),
            (self.tr("Custody"), lambda i: v.custody.label(i.suspect.custody or "UNKNOWN", lang)),
            (self.tr("Unit"), lambda i: i.suspect.unit or ""),
        ]

    def _evidence_columns(self) -> list[tuple[str, Any]]:
        v, lang = vocabularies(), current_language()
        return [
            (self.tr("Kind"), lambda e: v.evidence_kinds.label(e.kind, lang)),
            (
                self.tr("Description"),
                lambda e: e.description.splitlines()[0] if e.description else "",
            ),
            (self.tr("Source"), lambda e: e.source or ""),
            (self.tr("File"), lambda e: e.file_name or ""),
        ]

    def _connect(self) -> None:
        for w in (
            self.reference,
            self.title,
            self.country,
            self.settlement,
            self.latitude,
            self.longitude,
        ):
            w.textChanged.connect(self._changed)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._changed)
        for c in (self.date_precision, self.status, self.oblast):
            c.currentIndexChanged.connect(self._changed)
        for s in (self.victims_killed, self.victims_injured):
            s.valueChanged.connect(self._changed)
        self.crime_types.changed.connect(self._changed)
        self.description.textChanged.connect(self._changed)

        for w in (self.s_name, self.s_name_latin, self.s_rank, self.s_unit, self.s_nationality):
            w.textChanged.connect(self._suspect_edited)
        for c in (self.s_level, self.s_custody, self.s_mode):
            c.currentIndexChanged.connect(self._suspect_edited)
        self.s_legal.toggled.connect(self._legal_toggled)
        self.suspect_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._sync_suspect_form()
        )
        self.add_suspect_button.clicked.connect(self.add_new_suspect)
        self.add_existing_button.clicked.connect(self.add_existing_suspect)
        self.remove_suspect_button.clicked.connect(self.remove_suspect)

        for w in (self.e_source,):
            w.textChanged.connect(self._evidence_edited)
        for p in (self.e_description, self.e_notes):
            p.textChanged.connect(self._evidence_edited)
        self.e_kind.currentIndexChanged.connect(self._evidence_edited)
        self.evidence_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._sync_evidence_form()
        )
        self.add_evidence_button.clicked.connect(self.add_evidence)
        self.attach_button.clicked.connect(self.attach_file)
        self.remove_evidence_button.clicked.connect(self.remove_evidence)

    def retranslate(self) -> None:
        lang = current_language()
        new = self.incident_id is None
        self.setWindowTitle(self.tr("New incident") if new else self.tr("Edit incident"))
        self.tabs.setTabText(0, self.tr("&Incident"))
        self.tabs.setTabText(
            1, self.tr("&Suspects (%1)").replace("%1", str(self.involvements.rowCount()))
        )
        self.tabs.setTabText(
            2, self.tr("E&vidence (%1)").replace("%1", str(self.evidence.rowCount()))
        )
        labels = {
            "reference": self.tr("Re&ference:"),
            "status": self.tr("Stat&us:"),
            "title": self.tr("&Title:"),
            "date_from": self.tr("&Date:"),
            "date_to": self.tr("Date &to:"),
            "date_precision": self.tr("Date &precision:"),
            "country": self.tr("C&ountry:"),
            "oblast_code": self.tr("Re&gion:"),
            "settlement": self.tr("Sett&lement:"),
            "latitude": self.tr("Latitude:"),
            "longitude": self.tr("Longitude:"),
            "victims_killed": self.tr("&Killed:"),
            "victims_injured": self.tr("In&jured:"),
            "crime_types": self.tr("Crime t&ypes:"),
            "description": self.tr("Descriptio&n:"),
        }
        for name, text in labels.items():
            self.form.labels[name].setText(text)
        self.reference.setPlaceholderText(self.tr("e.g. the pre-trial register number"))
        self.date_to.setToolTip(self.tr("Only for a period; Delete clears it"))
        self.country.setToolTip(self.tr("Two-letter ISO code; UA for Ukraine"))
        self.latitude.setPlaceholderText(self.tr("e.g. 50.45"))
        self.longitude.setPlaceholderText(self.tr("e.g. 30.52"))
        slabels = {
            "suspect.name": self.tr("N&ame:"),
            "suspect.name_latin": self.tr("Latin name:"),
            "suspect.is_legal_person": self.tr("Legal person:"),
            "suspect.command_level": self.tr("Command &level:"),
            "suspect.rank_role": self.tr("Rank or role:"),
            "suspect.unit": self.tr("Unit:"),
            "suspect.nationality": self.tr("Nationality:"),
            "suspect.custody": self.tr("Custody:"),
            "mode_of_liability": self.tr("&Mode of liability:"),
        }
        for name, text in slabels.items():
            self.sform.labels[name].setText(text)
        self.s_legal.setText(self.tr("company, PMC or other organisation"))
        self.s_nationality.setToolTip(self.tr("Two-letter ISO code, e.g. RU; empty if unknown"))
        elabels = {
            "kind": self.tr("&Kind:"),
            "source": self.tr("Source:"),
            "description": self.tr("Description:"),
            "file_name": self.tr("File:"),
            "sha256": self.tr("SHA-256:"),
            "custody_notes": self.tr("Chain of custody:"),
        }
        for name, text in elabels.items():
            self.eform.labels[name].setText(text)
        self.e_file.setPlaceholderText(self.tr("Attach a file to record its name and SHA-256"))
        self.suspect_box.setTitle(self.tr("Selected suspect"))
        self.evidence_box.setTitle(self.tr("Selected evidence item"))
        self.add_suspect_button.setText(self.tr("Add &new suspect"))
        self.add_existing_button.setText(self.tr("Add e&xisting suspect…"))
        self.remove_suspect_button.setText(self.tr("&Remove suspect"))
        self.add_evidence_button.setText(self.tr("Add &evidence item"))
        self.attach_button.setText(self.tr("Attach &file…"))
        self.attach_button.setToolTip(
            self.tr(
                "Records the file's name and SHA-256 fingerprint; the file itself is not copied"
            )
        )
        self.keep_copy_check.setText(self.tr("&Keep a copy of the file"))
        self.keep_copy_check.setToolTip(
            self.tr(
                "Copies the attached file into evidence_files beside the database "
                "(not available for encrypted databases: the copy would be unencrypted)"
            )
        )
        self.remove_evidence_button.setText(self.tr("Remo&ve evidence item"))
        self.save_button.setText(self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.cancel_button.setText(self.tr("Cancel"))
        for combo in (
            self.date_precision,
            self.status,
            self.s_level,
            self.s_custody,
            self.s_mode,
            self.e_kind,
        ):
            combo.set_language(lang)
        self.oblast.set_language(lang)
        self.crime_types.set_language(lang)
        self.involvements.set_columns(self._involvement_columns())
        self.evidence.set_columns(self._evidence_columns())
        self.validate()

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading and reading ----------------------------------------------------------------
    def _load(self, incident_id: int) -> None:
        d = load_incident(self.store, incident_id)
        self.row_version = d.row_version
        r = d.record
        self._loading = True
        try:
            self.reference.setText(r.reference)
            self.title.setText(r.title)
            self.date_from.set_value(r.date_from)
            self.date_to.set_value(r.date_to)
            self.date_precision.set_code(r.date_precision)
            self.status.set_code(r.status)
            self.country.setText(r.country)
            self.oblast.set_code(r.oblast_code)
            self.settlement.setText(r.settlement or "")
            self.latitude.setText("" if r.latitude is None else str(r.latitude))
            self.longitude.setText("" if r.longitude is None else str(r.longitude))
            self.victims_killed.setValue(r.victims_killed)
            self.victims_injured.setValue(r.victims_injured)
            self.crime_types.set_codes(r.crime_types)
            self.description.setPlainText(r.description)
            self.involvements.set_rows([i.record for i in d.involvements])
            self.evidence.set_rows(list(d.evidence))
        finally:
            self._loading = False

    def incident_record(self) -> IncidentRecord:
        return IncidentRecord(
            reference=self.reference.text().strip(),
            title=self.title.text().strip(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            date_precision=self.date_precision.code() or "DAY",
            country=self.country.text().strip(),
            oblast_code=self.oblast.code(),
            settlement=_text(self.settlement),
            latitude=_float(self.latitude),  # type: ignore[arg-type]
            longitude=_float(self.longitude),  # type: ignore[arg-type]
            description=self.description.toPlainText().strip(),
            victims_killed=self.victims_killed.value(),
            victims_injured=self.victims_injured.value(),
            status=self.status.code() or "ST_NEW",
            crime_types=self.crime_types.codes(),
        )

    def validate(self) -> list[FieldProblem]:
        """Check everything; show each problem beside its field. Returns all problems."""
        problems = list(incident_problems(self.incident_record()))
        self.form.show_problems(problems, only=self._touched)
        for n, inv in enumerate(self.involvements.rows(), start=1):
            problems += [
                FieldProblem(f"suspects[{n}].{p.field}", p.message, p.value)
                for p in involvement_problems(inv)
            ]
        for n, ev in enumerate(self.evidence.rows(), start=1):
            problems += [
                FieldProblem(f"evidence[{n}].{p.field}", p.message, p.value)
                for p in evidence_problems(ev)
            ]
        self._show_item_problems()
        return problems

    def _show_item_problems(self) -> None:
        row = self.suspect_table.currentIndex().row()
        inv = self.involvements.row_at(row)
        self.sform.show_problems(involvement_problems(inv) if inv else [])
        row = self.evidence_table.currentIndex().row()
        ev = self.evidence.row_at(row)
        self.eform.show_problems(evidence_problems(ev) if ev else [])

    def _changed(self, *_args: Any) -> None:
        if self._loading:
            return
        self.dirty = True
        if self._touched is not None:
            sender = self.sender()
            self._touched.update(n for n, w in self.form.fields.items() if w is sender)
            if sender is self.crime_types:
                self._touched.add("crime_types")
        self.form.show_problems(incident_problems(self.incident_record()), only=self._touched)

    # -- suspects -------------------------------------------------------------------------
    @staticmethod
    def _select(table: QTableView, row: int) -> None:
        model = table.model()
        if 0 <= row < model.rowCount():
            table.setCurrentIndex(model.index(row, 0))
        else:
            table.setCurrentIndex(QModelIndex())

    def _sync_suspect_form(self) -> None:
        row = self.suspect_table.currentIndex().row()
        inv: InvolvementRecord | None = self.involvements.row_at(row)
        self.suspect_box.setEnabled(inv is not None)
        self.remove_suspect_button.setEnabled(inv is not None)
        self._loading = True
        try:
            s = inv.suspect if inv else SuspectRecord("", "CL_0_UNKNOWN")
            self.s_name.setText(s.name)
            self.s_name_latin.setText(s.name_latin or "")
            self.s_legal.setChecked(s.is_legal_person)
            self.s_rank.setText(s.rank_role or "")
            self.s_unit.setText(s.unit or "")
            self.s_level.set_code(s.command_level)
            self.s_nationality.setText(s.nationality or "")
            self.s_custody.set_code(s.custody or "UNKNOWN")
            self.s_mode.set_code(inv.mode_of_liability if inv else "ML_UNKNOWN")
        finally:
            self._loading = False
        self.sform.show_problems(involvement_problems(inv) if inv else [])
        self.retranslate_counts()

    def retranslate_counts(self) -> None:
        self.tabs.setTabText(
            1, self.tr("&Suspects (%1)").replace("%1", str(self.involvements.rowCount()))
        )
        self.tabs.setTabText(
            2, self.tr("E&vidence (%1)").replace("%1", str(self.evidence.rowCount()))
        )

    def _legal_toggled(self, on: bool) -> None:
        if self._loading:
            return
        self._loading = True
        if on:
            self.s_level.set_code("CL_LP")
        elif self.s_level.code() == "CL_LP":
            self.s_level.set_code("CL_0_UNKNOWN")
        self._loading = False
        self._suspect_edited()

    def _suspect_edited(self, *_args: Any) -> None:
        if self._loading:
            return
        row = self.suspect_table.currentIndex().row()
        old: InvolvementRecord | None = self.involvements.row_at(row)
        if old is None:
            return
        custody = self.s_custody.code()
        suspect = dataclasses.replace(
            old.suspect,
            name=self.s_name.text().strip(),
            name_latin=_text(self.s_name_latin),
            is_legal_person=self.s_legal.isChecked(),
            rank_role=_text(self.s_rank),
            unit=_text(self.s_unit),
            command_level=self.s_level.code() or "CL_0_UNKNOWN",
            nationality=_text(self.s_nationality),
            custody=None if custody in (None, "UNKNOWN") else custody,
        )
        new = dataclasses.replace(
            old, suspect=suspect, mode_of_liability=self.s_mode.code() or "ML_UNKNOWN"
        )
        self.involvements.update_row(row, new)
        self.dirty = True
        self.sform.show_problems(involvement_problems(new))

    def add_new_suspect(self) -> None:
        row = self.involvements.append_row(
            InvolvementRecord(SuspectRecord("", "CL_0_UNKNOWN"), "ML_UNKNOWN")
        )
        self.dirty = True
        self.tabs.setCurrentWidget(self.suspects_page)
        self._select(self.suspect_table, row)
        self._sync_suspect_form()
        self.s_name.setFocus()

    def add_existing_suspect(self) -> None:
        suspect = SuspectPicker.ask(self.store, self)
        if suspect is None:
            return
        if any(i.suspect.uuid == suspect.uuid for i in self.involvements.rows()):
            self.status_bar.showMessage(self.tr("This suspect is already listed."), 5000)
            return
        row = self.involvements.append_row(InvolvementRecord(suspect, "ML_UNKNOWN"))
        self.dirty = True
        self._select(self.suspect_table, row)
        self._sync_suspect_form()
        self.s_mode.setFocus()

    def remove_suspect(self) -> None:
        row = self.suspect_table.currentIndex().row()
        if row < 0:
            return
        self.involvements.remove_row(row)
        self.dirty = True
        self._select(self.suspect_table, min(row, self.involvements.rowCount() - 1))
        self._sync_suspect_form()

    # -- evidence -------------------------------------------------------------------------
    def _sync_evidence_form(self) -> None:
        row = self.evidence_table.currentIndex().row()
        ev: EvidenceRecord | None = self.evidence.row_at(row)
        self.evidence_box.setEnabled(ev is not None)
        self.remove_evidence_button.setEnabled(ev is not None)
        self._loading = True
        try:
            e = ev or EvidenceRecord(vocabularies().evidence_kinds.codes[0])
            self.e_kind.set_code(e.kind)
            self.e_source.setText(e.source or "")
            self.e_description.setPlainText(e.description)
            self.e_file.setText(e.file_name or "")
            self.e_sha.setText(e.sha256 or "")
            self.e_notes.setPlainText(e.custody_notes or "")
        finally:
            self._loading = False
        self.eform.show_problems(evidence_problems(ev) if ev else [])
        self.retranslate_counts()

    def _evidence_edited(self, *_args: Any) -> None:
        if self._loading:
            return
        row = self.evidence_table.currentIndex().row()
        old: EvidenceRecord | None = self.evidence.row_at(row)
        if old is None:
            return
        new = dataclasses.replace(
            old,
            kind=self.e_kind.code() or old.kind,
            source=_text(self.e_source),
            description=self.e_description.toPlainText().strip(),
            custody_notes=self.e_notes.toPlainText().strip() or None,
        )
        self.evidence.update_row(row, new)
        self.dirty = True
        self.eform.show_problems(evidence_problems(new))

    def add_evidence(self) -> None:
        kind = vocabularies().evidence_kinds.codes[0]
        row = self.evidence.append_row(EvidenceRecord(kind))
        self.dirty = True
        self.tabs.setCurrentWidget(self.evidence_page)
        self._select(self.evidence_table, row)
        self._sync_evidence_form()
        self.e_kind.setFocus()

    def attach_file(self) -> Task | None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
        return self.attach_path(Path(path)) if path else None

    def attach_path(self, path: Path) -> Task:
        """Hash ``path`` in the background and record its name and SHA-256; the file itself is
        copied only when "Keep a copy" is ticked."""
        if self.evidence_table.currentIndex().row() < 0:
            self.add_evidence()
        row = self.evidence_table.currentIndex().row()

        keep = self.keep_copy_check.isChecked() and self.keep_copy_check.isEnabled()
        store = self.store

        def work(task: Task) -> str:
            digest = hashlib.sha256()
            total = max(1, path.stat().st_size)
            done = 0
            with path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    done += len(chunk)
                    if not task.progress(done, total):
                        task.check_cancelled()
            sha = digest.hexdigest()
            if keep:
                keep_copy(store, path, sha)
            return sha

        def done(sha: str) -> None:
            old = self.evidence.row_at(row)
            if old is None:
                return
            self.evidence.update_row(row, dataclasses.replace(old, file_name=path.name, sha256=sha))
            self.dirty = True
            self._sync_evidence_form()

        return self.runner.run(self.tr("Computing the file's SHA-256"), work, done)

    def remove_evidence(self) -> None:
        row = self.evidence_table.currentIndex().row()
        if row < 0:
            return
        self.evidence.remove_row(row)
        self.dirty = True
        self._select(self.evidence_table, min(row, self.evidence.rowCount() - 1))
        self._sync_evidence_form()

    # -- saving and closing ---------------------------------------------------------------
    def save(self) -> bool:
        self._touched = None  # from now on every problem shows
        problems = self.validate()
        if problems:
            self._go_to_problem(problems[0])
            self.status_bar.showMessage(
                self.tr("Not saved: %n field(s) need attention.", "", len(problems)), 8000
            )
            return False
        try:
            self.saved_id = save_incident(
                self.store,
                self.incident_record(),
                self.involvements.rows(),
                self.evidence.rows(),
                incident_id=self.incident_id,
                expected_row_version=self.row_version,
            )
        except RecordError as exc:
            self.form.show_problems(list(exc.problems))
            if exc.problems:
                self._go_to_problem(exc.problems[0])
            return False
        except (ConflictError, Exception) as exc:
            message, details = describe_error(exc)
            ErrorDialog.ask(self, self.tr("Not saved"), message, details)
            return False
        self.dirty = False
        self.accept()
        return True

    def _go_to_problem(self, p: FieldProblem) -> None:
        name = p.field
        if name.startswith("suspects["):
            n = int(name[len("suspects[") : name.index("]")])
            self.tabs.setCurrentWidget(self.suspects_page)
            self._select(self.suspect_table, n - 1)
            self._sync_suspect_form()
            field = self.sform.fields.get(name[name.index("]") + 2 :])
        elif name.startswith("evidence["):
            n = int(name[len("evidence[") : name.index("]")])
            self.tabs.setCurrentWidget(self.evidence_page)
            self._select(self.evidence_table, n - 1)
            self._sync_evidence_form()
            field = self.eform.fields.get(name[name.index("]") + 2 :])
        else:
            self.tabs.setCurrentIndex(0)
            field = self.form.fields.get(name)
        if field is not None:
            field.setFocus()

    def reject(self) -> None:
        if self.dirty:
            answer = ConfirmDialog.ask_discard(
                self,
                self.tr("Unsaved changes"),
                self.tr("This incident has changes that are not saved. Save them?"),
            )
            if answer == "cancel":
                return
            if answer == "save":
                self.save()
                return
        self.runner.cancel_all()
        self.runner.wait(5000)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    @classmethod
    def edit(
        cls, store: Store, incident_id: int | None, parent: QWidget | None = None
    ) -> int | None:
        """Open the editor modally; the saved incident's id, or None."""
        editor = cls(store, incident_id, parent)
        editor.exec()
        return editor.saved_id
