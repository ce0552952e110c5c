"""Interface language: Qt Linguist translators (``resources/i18n/triage_*.qm``) + vocab labels.

Widget strings go through ``tr()`` and change when a translator is installed (Qt sends every
widget a ``LanguageChange`` event; our widgets answer it with ``retranslate()``). Vocabulary
labels and rule texts come from the data files in both languages, so widgets also read
``current_language()`` when they retranslate.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from triage_app.domain.paths import RESOURCES

LANGUAGES = ("en", "uk")
I18N_DIR = RESOURCES / "i18n"
SETTINGS_KEY = "ui/language"

_state: dict[str, object] = {"lang": "en", "translators": []}


def qm_path(lang: str) -> Path:
    return I18N_DIR / f"triage_{lang}.qm"


def current_language() -> str:
    return str(_state["lang"])


def saved_language() -> str | None:
    value = QSettings().value(SETTINGS_KEY)
    return str(value) if value in LANGUAGES else None


def set_language(lang: str, *, remember: bool = True) -> bool:
    """Install the translators for ``lang`` and retranslate every open widget.

    Returns False (and keeps English) when the compiled translation is missing, e.g. when
    ``make`` has not compiled the ``.ts`` files yet.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    for old in list(_state["translators"]):  # type: ignore[call-overload]
        QCoreApplication.removeTranslator(old)
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    # English needs its file only for plural forms ("1 incident"); Ukrainian needs it all.
    ok = ours.load(str(qm_path(lang))) or lang == "en"
    if ok and lang != "en":
        qt_base = QTranslator(app)  # Qt's own buttons and context menus
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_base.load(QLocale(lang), "qtbase", "_", qt_dir):
            installed.append(qt_base)
    if ok and not ours.isEmpty():
        installed.append(ours)
    if not ok:
        lang = "en"
    QLocale.setDefault(QLocale("uk_UA" if lang == "uk" else "en_US"))  # %Ln: 20 000 / 20,000
    _state["lang"] = lang
    for t in installed:
        QCoreApplication.installTranslator(t)
    _state["translators"] = installed
    if not installed:
        # No translator to install or remove may still mean a change (uk -> en): tell widgets.
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    if remember and ok:
        QSettings().setValue(SETTINGS_KEY, lang)
    return ok


def tr(context: str, text: str, n: int = -1) -> str:
    """Translate outside a QObject (``QT_TRANSLATE_NOOP`` marks the source for lupdate)."""
    return QCoreApplication.translate(context, text, None, n)
