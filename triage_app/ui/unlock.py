"""Passphrase prompt at start-up and the idle lock that asks for it again.

The lock hides the window after ``idle_minutes`` without keyboard or mouse input (default
15, ``TRIAGE_IDLE_MINUTES`` or the ``security/idle_minutes`` setting; 0 turns it off) and
shows it again only for the right passphrase. It applies to encrypted databases only.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

DEFAULT_IDLE_MINUTES = 15
ENV_IDLE = "TRIAGE_IDLE_MINUTES"
USER_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class PassphraseDialog(QDialog):
    """Asks for the passphrase of ``db_label``; shows the previous error, if any."""

    def __init__(self, db_label: str, error: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Unlock the database"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("%1 is encrypted. Enter its passphrase.").replace("%1", db_label), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit(self)
        self.field.setObjectName("passphraseField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.field)
        self.error = QLabel(self)
        self.error.setObjectName("passphraseError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        if error:
            self.error.setText(self.tr("The passphrase is wrong. Nothing was changed; try again."))
        layout.addWidget(self.error)
        hint = QLabel(
            self.tr(
                "A forgotten passphrase cannot be recovered: restore a backup whose "
                "passphrase you know."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.field.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, db_label: str, error: str | None) -> str | None:
        """The passphrase typed, or None when the user cancels."""
        dialog = cls(db_label, error, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.field.text()


def idle_minutes() -> int:
    value = os.environ.get(ENV_IDLE) or QSettings().value("security/idle_minutes")
    try:
        return max(0, int(value)) if value not in (None, "") else DEFAULT_IDLE_MINUTES
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


class IdleLock(QObject):
    """Hides ``window`` after a quiet spell; shows it again for the right passphrase."""

    def __init__(
        self,
        window: QWidget,
        db_label: str,
        check: Callable[[str], bool],
        minutes: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.db_label = db_label
        self.check = check
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        minutes = idle_minutes() if minutes is None else minutes
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            app = QApplication.instance()
            assert app is not None
            app.installEventFilter(self)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in USER_INPUT:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Hide the window and ask until the passphrase matches; cancel quits the app."""
        if self.locked:
            return
        self.locked = True
        self.window.hide()
        error: str | None = None
        while True:
            typed = PassphraseDialog.ask(None, self.db_label, error)
            if typed is None:
                self.window.close()
                app = QApplication.instance()
                if app is not None:
                    app.quit()
                return
            if self.check(typed):
                break
            error = "wrong"
        self.locked = False
        self.window.show()
        self.timer.start()
