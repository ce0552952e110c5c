"""English and Ukrainian: complete translations, switched at runtime, remembered."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QSettings, Qt

from triage_app.ui import i18n
from triage_app.ui.i18n import I18N_DIR


def test_ukrainian_translation_is_complete_and_compiled() -> None:
    tree = ET.parse(I18N_DIR / "triage_uk.ts")
    messages = list(tree.getroot().iter("message"))
    assert len(messages) > 200
    for m in messages:
        source = m.findtext("source") or ""
        tr = m.find("translation")
        assert tr is not None and tr.get("type") not in ("unfinished", "obsolete"), source
        forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
        assert all(forms), source
        for text in forms:
            # the same placeholders and no English left behind (a Cyrillic letter at least)
            assert set(re.findall(r"%\d", text)) == set(re.findall(r"%\d", source)), source
            if re.search(
                r"[A-Za-z]{3}",
                re.sub(
                    r"%\w+|\(.*?\)|Ctrl|Shift|Enter|Delete|"
                    r"SHA-256|Excel|ISO|UA|RU|PMC",
                    "",
                    source,
                ),
            ):
                assert re.search("[А-Яа-яІіЇїЄєҐґ]", text), f"{source!r} -> {text!r}"
    assert (I18N_DIR / "triage_uk.qm").stat().st_size > 1000


def test_switching_language_at_runtime_changes_strings(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.select_row(0)
    assert window.menu_file.title() == "&File"
    assert window.filter_bar.crime_type.itemText(0) == "All crime types"
    assert (
        window.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        == "Reference"
    )
    window.lang_actions["uk"].trigger()
    assert i18n.current_language() == "uk"
    assert window.menu_file.title() == "&Файл"
    assert window.tabs.tabText(2) == "&Лабораторія правил"
    assert window.filter_bar.crime_type.itemText(0) == "Усі види злочинів"
    assert window.filter_bar.crime_type.itemText(1) == "Агресія"  # vocabulary label
    assert (
        window.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        == "Номер"
    )
    assert "300 інцидентів" in window.count_label.text()
    card = window.detail_pane.cards[0].text.text()
    assert "Рекомендований форум" in card or "Форум (змінено вручну)" in card
    assert "Чому (спрацювали правила)" in card  # rule rationales in Ukrainian too
    assert window.rule_lab.check_button.text() == "&Перевірити"
    assert QSettings().value(i18n.SETTINGS_KEY) == "uk"  # remembered
    window.lang_actions["en"].trigger()
    assert window.menu_file.title() == "&File"
    assert window.filter_bar.crime_type.itemText(1) == "Aggression"
    assert "300 incidents" in window.count_label.text()


def test_language_from_the_command_line_and_settings(qapp) -> None:  # type: ignore[no-untyped-def]
    from triage_app.app import _qapp

    _qapp("uk")
    assert i18n.current_language() == "uk"
    assert i18n.saved_language() == "uk"
    i18n.set_language("en", remember=False)
    _qapp(None)  # no --lang: the remembered language
    assert i18n.current_language() == "uk"
