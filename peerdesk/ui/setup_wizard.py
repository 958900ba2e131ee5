"""First run: name the organization, create the administrator, make the encrypted file,
and hand over the Recovery Kit (shown once)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QCloseEvent, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.usernames import normalize_username, username_problem
from peerdesk.services import recovery_kit
from peerdesk.services import store as store_mod
from peerdesk.ui import ops
from peerdesk.ui.common import (
    ProblemLabel,
    add_checked_row,
    add_row,
    monospace_font,
    password_problems,
    show_error,
    with_busy_cursor,
)


def group_key(key_hex: str) -> str:
    """64 hex digits as two lines of four groups of eight, as on the printed kit."""
    groups = [key_hex[i:i + 8] for i in range(0, len(key_hex), 8)]
    return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class OrganizationPage(QWizardPage):
    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to PeerDesk"))
        self.setSubTitle(self.tr("A few questions, then your organization's records are ready."))
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(self.tr(
            "PeerDesk keeps all participant records in one encrypted file on this computer. "
            "Only the people you add as users can open it.")))
        where = _intro(self.tr("The file will be created here:\n{path}").format(path=db_path))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(where)
        form = QFormLayout()
        self.organization = QLineEdit()
        self.organization.setMaxLength(120)
        add_row(form, self.tr("&Organization name:"), self.organization)
        layout.addLayout(form)
        layout.addStretch(1)
        self.registerField("organization*", self.organization)


class AdministratorPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("The administrator"))
        self.setSubTitle(self.tr(
            "The administrator adds users and resets access. Often this is the program "
            "manager."))
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.username = QLineEdit()
        self.username.setMaxLength(32)
        self.username.setPlaceholderText(self.tr("for example: maria.lopez"))
        self.username_problem = add_checked_row(form, self.tr("&User name:"), self.username)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(120)
        add_row(form, self.tr("&Full name:"), self.full_name)
        self.credential = QLineEdit()
        self.credential.setMaxLength(60)
        self.credential.setPlaceholderText(self.tr("for example: CPRS (optional)"))
        add_row(form, self.tr("&Credential:"), self.credential)
        for edit in (self.username, self.full_name):
            edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        name = normalize_username(self.username.text())
        problem = username_problem(name) if name else None
        if problem:
            self.username_problem.show_problem(problem)
        else:
            self.username_problem.clear_problem()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        name = normalize_username(self.username.text())
        return (bool(name) and username_problem(name) is None
                and bool(self.full_name.text().strip()))


class PasswordPage(QWizardPage):
    """Password rules for everyone, then the administrator's own password."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Passwords"))
        self.setSubTitle(self.tr(
            "Choose the rules every user's password must follow, then the administrator's "
            "password."))
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.min_length = QSpinBox()
        self.min_length.setRange(8, 128)
        self.min_length.setValue(10)
        self.min_length.setSuffix(self.tr(" characters"))
        add_row(form, self.tr("&Minimum length:"), self.min_length,
                accessible_name=self.tr("Minimum password length"))
        self.letter_digit = QCheckBox(self.tr("Require a &letter and a digit"))
        self.letter_digit.setAccessibleName(self.tr("Require a letter and a digit"))
        form.addRow("", self.letter_digit)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        form.addRow(line)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, self.tr("&Password:"), self.password,
                accessible_name=self.tr("Administrator password"))
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, self.tr("Con&firm password:"), self.confirm)
        self.problems = ProblemLabel(self, self.password)
        self.problems.setObjectName("password-problems")
        form.addRow(self.problems)
        self.error = ProblemLabel(self)
        form.addRow(self.error)
        for signal in (self.min_length.valueChanged, self.letter_digit.toggled,
                       self.password.textChanged, self.confirm.textChanged):
            signal.connect(self._changed)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create the database"))

    def rules(self) -> PasswordRules:
        return PasswordRules(min_length=self.min_length.value(),
                             require_letter_and_digit=self.letter_digit.isChecked())

    def _problems(self) -> list[str]:
        return password_problems(self.rules(), self.password.text(), self.confirm.text())

    def _changed(self) -> None:
        problems = self._problems() if (self.password.text() or self.confirm.text()) else []
        if problems:
            self.problems.show_problem(" ".join(problems))
        else:
            self.problems.clear_problem()
        self.error.clear_problem()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._problems()

    def validatePage(self) -> bool:
        try:
            with_busy_cursor(self._wizard.create_database)
        except StoreError as exc:
            self.error.show_problem(str(exc))
            return False
        except OSError as exc:
            self.error.show_problem(self.tr("The file could not be created: {e}").format(
                e=exc.strerror or exc))
            return False
        except Exception as exc:  # a message, never a traceback
            self.error.show_problem(self.tr("The database could not be created. {reason}").format(
                reason=ops.message_for(exc)))
            return False
        return True


class RecoveryKitPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Your Recovery Kit"))
        self.setSubTitle(self.tr("This is the only time PeerDesk shows the recovery key."))
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(self.tr(
            "The recovery key opens your records even if every password is lost. Anyone who "
            "has it can read all participant records. Save the Recovery Kit PDF and print it, "
            "then keep the paper in a locked place away from this computer.")))
        caption = QLabel(self.tr("Recovery key:"))
        layout.addWidget(caption)
        self.key_label = QLabel()
        self.key_label.setObjectName("recovery-key")
        self.key_label.setFont(monospace_font(1.3))
        self.key_label.setFrameShape(QFrame.Shape.Box)
        self.key_label.setMargin(10)
        self.key_label.setMinimumHeight(
            QFontMetrics(self.key_label.font()).lineSpacing() * 2 + 24)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        caption.setBuddy(self.key_label)
        layout.addWidget(self.key_label)
        self.save_button = QPushButton(self.tr("&Save Recovery Kit PDF…"))
        self.save_button.setAccessibleName(self.tr("Save Recovery Kit PDF"))
        self.save_button.clicked.connect(self.save_pdf)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.saved_label = _intro("")
        self.saved_label.setAccessibleName(self.tr("Where the kit was saved"))
        self.saved_label.hide()
        layout.addWidget(self.saved_label)
        self.error = ProblemLabel(self)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.kept = QCheckBox(self.tr(
            "I have printed or saved the Recovery Kit and will &keep it somewhere safe"))
        self.kept.setAccessibleName(self.tr(
            "I have printed or saved the Recovery Kit and will keep it somewhere safe"))
        self.kept.toggled.connect(self.completeChanged)
        layout.addWidget(self.kept)

    def initializePage(self) -> None:
        # No way back and no cancel: the file exists and this is the only view of the key.
        self._wizard.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.key_label.setText(group_key(self._wizard.recovery_key))
        self.key_label.setAccessibleDescription(" ".join(self._wizard.recovery_key))

    def isComplete(self) -> bool:
        return self.kept.isChecked()

    def save_pdf(self) -> None:
        default = Path(QDir.homePath()) / self.tr("PeerDesk Recovery Kit.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save Recovery Kit PDF"), str(default), self.tr("PDF files (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        wizard = self._wizard
        assert wizard.store is not None
        written = ops.attempt(self, lambda: with_busy_cursor(
            lambda: recovery_kit.write_recovery_kit(wizard.store, wizard.recovery_key,
                                                    Path(path), created_at=wizard.created_at)),
            problem=self.error)
        if not written:
            return
        self.saved_label.setText(self.tr("Saved to {path}. Print it now.").format(path=path))
        self.saved_label.show()


class SetupWizard(QWizard):
    """Creates the database on the Passwords page; ``store`` is set once it exists."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store: store_mod.Store | None = None
        self.recovery_key = ""
        self.created_at: datetime | None = None
        self.setWindowTitle(self.tr("Set up PeerDesk"))
        self.setAccessibleName(self.tr("Set up PeerDesk"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.organization_page = OrganizationPage(self.db_path)
        self.admin_page = AdministratorPage()
        self.password_page = PasswordPage(self)
        self.kit_page = RecoveryKitPage(self)
        for page in (self.organization_page, self.admin_page, self.password_page,
                     self.kit_page):
            self.addPage(page)
        # Sized from the font, so the pages still fit when fonts are set to 150 %.
        metrics = self.fontMetrics()
        self.setMinimumSize(max(640, metrics.horizontalAdvance("x") * 92),
                            max(440, metrics.lineSpacing() * 27))

    def create_database(self) -> None:
        if self.store is not None:
            return
        admin = self.admin_page
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.store, self.recovery_key = store_mod.create_database(
            self.db_path, self.organization_page.organization.text(),
            admin.username.text(), admin.full_name.text(),
            self.password_page.password.text(), credential=admin.credential.text(),
            rules=self.password_page.rules())
        self.created_at = datetime.now().astimezone()
        self.password_page.password.clear()
        self.password_page.confirm.clear()

    def reject(self) -> None:
        if self.store is not None:
            # The file exists: leaving now would lose the only view of the recovery key.
            show_error(self, self.tr(
                "Your database is ready. Please save or print the Recovery Kit, tick the box, "
                "and choose Finish."))
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.store is not None and self.result() != QWizard.DialogCode.Accepted:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def forget_key(self) -> None:
        """Drop the recovery key text once the user has finished."""
        self.recovery_key = ""
        self.kit_page.key_label.clear()
        self.kit_page.key_label.setAccessibleDescription("")
