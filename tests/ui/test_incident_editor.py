"""The incident editor, the routes it produces and overriding one of them, through widgets."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from triage_app.services.incidents import load_incident
from triage_app.services.store import Store
from triage_app.ui.detail_pane import OverrideDialog
from triage_app.ui.dialogs import ConfirmDialog
from triage_app.ui.incident_editor import IncidentEditor


def fill_incident(qtbot, editor: IncidentEditor) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(editor.reference, "12023000000000042")
    qtbot.keyClicks(editor.title, "Shelling of a school in Izium")
    editor.date_from.setDate(QDate(2022, 3, 7))
    editor.oblast.set_code("UA-63")
    qtbot.keyClicks(editor.settlement, "Izium")
    editor.crime_types.boxes["CT_WC"].click()
    qtbot.keyClicks(editor.description, "Two shells hit the school during the day.")


def add_suspect(qtbot, editor: IncidentEditor, name: str, level: str, custody: str) -> None:  # type: ignore[no-untyped-def]
    editor.add_suspect_button.click()
    qtbot.keyClicks(editor.s_name, name)
    editor.s_level.set_code(level)
    editor.s_custody.set_code(custody)
    editor.s_mode.set_code("ML_DIRECT")
    qtbot.keyClicks(editor.s_nationality, "RU")


def test_create_incident_with_two_suspects_see_two_routes_override_one(  # type: ignore[no-untyped-def]
    qtbot, window, monkeypatch
) -> None:
    editor = IncidentEditor(window.store, None, window)
    qtbot.addWidget(editor)
    fill_incident(qtbot, editor)
    add_suspect(qtbot, editor, "Suspect One", "CL_1_DIRECT", "UA")
    add_suspect(qtbot, editor, "Suspect Two", "CL_3_FIELD", "NONE")
    assert editor.involvements.rowCount() == 2
    assert editor.validate() == []
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        assert editor.save()
        window._data_changed(editor.saved_id)
    new_id = editor.saved_id
    assert new_id is not None
    window.select_row(window.model.row_of(new_id))
    cards = window.detail_pane.cards
    assert [c.view.record.suspect.name for c in cards] == ["Suspect One", "Suspect Two"]
    assert all(c.view.route is not None for c in cards)  # routed on save
    assert "Ukrainian court" in cards[0].text.text()
    assert "R17" in cards[1].text.text()  # the field-grade rule, with its reason

    # Override the second route: the dialog refuses an empty reason.
    route = cards[1].view.route
    dialog = OverrideDialog(route, "Suspect Two")
    qtbot.addWidget(dialog)
    dialog.forum.set_code("F_ICC")
    assert not dialog.ok_button.isEnabled()
    assert dialog.reason_error.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.reason, "Part of the ICC's Kharkiv investigation")
    assert dialog.ok_button.isEnabled()
    answer = dialog.value()
    monkeypatch.setattr(OverrideDialog, "ask", classmethod(lambda cls, *a, **k: answer))
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.detail_pane.cards[1].override_button.click()
    cards = window.detail_pane.cards
    route = cards[1].view.route
    assert route.override_forum == "F_ICC"
    assert route.primary_forum != "F_ICC"  # the recommendation is kept beside it
    text = cards[1].text.text()
    assert "International Criminal Court" in text and "Recommended by the rules" in text
    assert cards[1].clear_button.isVisibleTo(cards[1])
    assert cards[0].view.route.override_forum is None


def test_validation_is_shown_next_to_each_field(qtbot, sqlite_store: Store) -> None:  # type: ignore[no-untyped-def]
    editor = IncidentEditor(sqlite_store, None)
    qtbot.addWidget(editor)
    errors = editor.form.errors
    assert not any(e.isVisibleTo(editor) for e in errors.values())  # nothing touched yet
    qtbot.keyClicks(editor.latitude, "91")
    assert errors["latitude"].text() == "Must be between -90 and 90."
    editor.date_from.setDate(QDate(2022, 5, 2))
    editor.date_to.setDate(QDate(2022, 5, 1))
    assert errors["date_to"].text() == "Must not be before the start date."
    assert not editor.save()  # refused; now every problem shows
    assert errors["reference"].text() == "Required."
    assert errors["crime_types"].text() == "Tag at least one crime type."
    assert editor.tabs.currentIndex() == 0
    assert editor.saved_id is None


def test_suspect_problems_show_in_the_suspect_form(qtbot, sqlite_store: Store) -> None:  # type: ignore[no-untyped-def]
    editor = IncidentEditor(sqlite_store, None)
    qtbot.addWidget(editor)
    editor.add_suspect_button.click()
    editor.s_level.set_code("CL_LP")  # a legal-person level without the legal-person box
    assert "legal person" in editor.sform.errors["suspect.command_level"].text()
    editor.s_legal.click()
    assert editor.sform.errors["suspect.command_level"].text() == ""
    assert editor.sform.errors["suspect.name"].text() == "Required."


def test_edit_existing_incident_and_unsaved_changes_are_asked_about(  # type: ignore[no-untyped-def]
    qtbot, routed_store: Store, monkeypatch
) -> None:
    editor = IncidentEditor(routed_store, 1)
    qtbot.addWidget(editor)
    before = load_incident(routed_store, 1)
    assert editor.title.text() == before.record.title
    assert editor.involvements.rowCount() == len(before.involvements)
    assert not editor.dirty
    editor.title.setText("A corrected title")
    asked: list[str] = []
    monkeypatch.setattr(
        ConfirmDialog, "ask_discard", classmethod(lambda cls, *a: asked.append(a[1]) or "cancel")
    )
    editor.reject()
    assert asked == ["Unsaved changes"]
    assert editor.result() != QDialog.DialogCode.Rejected or editor.isVisible() is False
    monkeypatch.setattr(ConfirmDialog, "ask_discard", classmethod(lambda cls, *a: "save"))
    editor.reject()  # "save" saves and closes
    after = load_incident(routed_store, 1)
    assert after.record.title == "A corrected title"
    assert after.row_version == before.row_version + 1


def test_attaching_a_file_records_name_and_sha256_off_the_ui_thread(  # type: ignore[no-untyped-def]
    qtbot, sqlite_store: Store, tmp_path: Path
) -> None:
    f = tmp_path / "photo.jpg"
    f.write_bytes(b"\xff\xd8" + b"x" * 3_000_000)
    editor = IncidentEditor(sqlite_store, None)
    qtbot.addWidget(editor)
    task = editor.attach_path(f)
    qtbot.waitUntil(task.finished.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: editor.evidence.rowCount() == 1 and editor.e_sha.text() != "")
    item = editor.evidence.row_at(0)
    assert item.file_name == "photo.jpg"
    assert item.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert editor.e_sha.text() == item.sha256


def test_attach_with_keep_a_copy_stores_a_verified_copy(
    qtbot, sqlite_store: Store, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    f = tmp_path / "statement.PDF"
    f.write_bytes(b"%PDF-1.7 fictional statement")
    editor = IncidentEditor(sqlite_store, None)
    qtbot.addWidget(editor)
    assert editor.keep_copy_check.isEnabled()
    editor.keep_copy_check.setChecked(True)
    task = editor.attach_path(f)
    qtbot.waitUntil(task.finished.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: editor.e_sha.text() != "")
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    assert sqlite_store.path is not None
    copy = sqlite_store.path.parent / "evidence_files" / f"{sha}.pdf"
    assert copy.read_bytes() == f.read_bytes()


def test_no_plain_copies_beside_an_encrypted_database(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from triage_app.services.store import open_store

    store = open_store(str(tmp_path / "enc.db"), passphrase="copper kettle rain")
    editor = IncidentEditor(store, None)
    qtbot.addWidget(editor)
    assert not editor.keep_copy_check.isEnabled()
    editor.dirty = False
    editor.close()
    store.dispose()


def test_existing_suspect_search_runs_off_the_ui_thread(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    """The substring search reads every suspect; it runs in a worker once typing pauses, and
    only the newest search fills the list."""
    from triage_app.services.incidents import find_suspects
    from triage_app.ui.incident_editor import SuspectPicker

    name = find_suspects(demo_store, "а", limit=1)[0].record.name
    picker = SuspectPicker(demo_store)
    qtbot.addWidget(picker)
    picker.show()
    picker.search.setText(name[:1])  # one letter: no search
    qtbot.wait(400)
    assert picker.results.count() == 0 and not picker.runner.running
    picker.search.setText("zzz-nobody")
    picker.search.setText(name)  # typed on before the first search ran: only this one runs
    qtbot.waitUntil(lambda: picker.searched == name, timeout=10_000)
    assert picker.results.count() >= 1
    assert picker.results.currentItem().text().startswith(name)
    assert picker.chosen() is not None and picker.chosen().name == name
    picker.search.setText("zzz-nobody")
    qtbot.waitUntil(lambda: picker.searched == "zzz-nobody", timeout=10_000)
    assert picker.results.count() == 0
    picker.reject()  # closing waits for any search under way
