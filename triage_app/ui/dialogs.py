"""Small modal dialogs behind classmethods (``ask``) that tests replace with a stub."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from triage_app.db.errors import UserFacingDatabaseError
from triage_app.domain.records import RecordError
from triage_app.domain.rules import RuleSetError
from triage_app.domain.scenarios import ScenarioFileError
from triage_app.services.incidents import ConflictError, NotFoundError
from triage_app.services.routing import OverrideError

# Errors whose message is already written for people: shown as they are.
USER_ERRORS: tuple[type[BaseException], ...] = (
    UserFacingDatabaseError,
    RecordError,
    RuleSetError,
    ScenarioFileError,
    ConflictError,
    NotFoundError,
    OverrideError,
    OSError,
)


def describe_error(exc: BaseException) -> tuple[str, str | None]:
    """(message for people, technical details or None) for an exception from a task."""
    if isinstance(exc, RuleSetError):
        return "\n".join(exc.messages), None
    if isinstance(exc, OSError) and not isinstance(exc, UserFacingDatabaseError):
        where = f" ({exc.filename})" if exc.filename else ""
        return (
            QCoreApplication.translate("ErrorDialog", "A file could not be read or written")
            + f"{where}: {exc.strerror or exc}. "
            + QCoreApplication.translate(
                "ErrorDialog", "Check the path and the permissions, then try again."
            ),
            None,
        )
    # Errors of the exchange package (imported lazily) are written for people too.
    if isinstance(exc, USER_ERRORS) or type(exc).__module__.startswith(
        ("triage_app.exchange", "triage_app.services.exchange")
    ):
        return str(exc), None
    details = "".join(traceback.format_exception(exc))
    return (
        QCoreApplication.translate(
            "ErrorDialog",
            "Something went wrong that Triage did not expect. Nothing was saved by the "
            "failed action. Try again; if it happens again, send the details to support.",
        )
        + f"\n\n{type(exc).__name__}: {exc}",
        details,
    )


class ErrorDialog:
    """The one error dialog every failed action ends in."""

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, message: str, details: str | None = None
    ) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent
        )
        box.setObjectName("errorDialog")
        if details:
            box.setDetailedText(details)
        box.exec()


class ConfirmDialog:
    """A yes/no (or save/discard/cancel) question."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def ask_discard(cls, parent: QWidget | None, title: str, question: str) -> str:
        """'save', 'discard' or 'cancel'."""
        answer = QMessageBox.question(
            parent,
            title,
            question,
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")
