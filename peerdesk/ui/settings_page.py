"""Settings screen (administrators): organization name, the logo printed on reports,
automatic lock, password rules, after how many days without contact a participant shows on
the "no contact" list, and the assessment instruments in use (adding the organization's own
instrument files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.passwords import PasswordRules
from peerdesk.services import settings, settings_form
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, add_row
from peerdesk.ui.fit_scroll import FitScrollArea
from peerdesk.ui.instrument_admin import InstrumentsSection

LOGO_PREVIEW_HEIGHT = 48
LOGO_PREVIEW_MAX_WIDTH = 240


class SettingsPage(QWidget):
    """Emits ``saved(OrgSettings)`` so the window title and the lock timer follow."""

    saved = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.tr("Settings"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        outer.addWidget(FitScrollArea(content))  # scrolls only when the window is small
        layout = QVBoxLayout(content)
        title = QLabel(self.tr("Settings"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.organization = QLineEdit()
        self.organization.setMaxLength(120)
        add_row(form, self.tr("&Organization name:"), self.organization)
        self._add_logo_row(form)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        add_row(form, self.tr("&Lock automatically after:"), self.idle_minutes,
                accessible_name=self.tr("Lock automatically after this many idle minutes"))
        self.no_contact_days = QSpinBox()
        self.no_contact_days.setRange(1, 365)
        self.no_contact_days.setSuffix(self.tr(" days"))
        add_row(form, self.tr("\"&No contact\" list after:"), self.no_contact_days,
                accessible_name=self.tr("List participants with no contact in this many days"))
        self.min_length = QSpinBox()
        self.min_length.setRange(4, 128)
        self.min_length.setSuffix(self.tr(" characters"))
        add_row(form, self.tr("&Minimum password length:"), self.min_length)
        self.letter_digit = QCheckBox(self.tr("Passwords need a l&etter and a digit"))
        self.letter_digit.setAccessibleName(self.tr("Passwords need a letter and a digit"))
        form.addRow("", self.letter_digit)
        layout.addLayout(form)
        note = QLabel(self.tr("New password rules apply the next time someone sets a "
                              "password."))
        note.setWordWrap(True)
        layout.addWidget(note)
        bar = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save settings"))
        self.save_button.setAccessibleName(self.tr("Save settings"))
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.notice = QLabel()
        self.notice.setAccessibleName(self.tr("Save result"))
        layout.addWidget(self.notice)
        self.instruments = InstrumentsSection(store)
        layout.addWidget(self.instruments)
        layout.addStretch(1)
        self.load()

    def _add_logo_row(self, form: QFormLayout) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        row = QHBoxLayout()
        self.logo_preview = QLabel()
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setMinimumSize(LOGO_PREVIEW_HEIGHT * 2, LOGO_PREVIEW_HEIGHT + 10)
        self.logo_preview.setAccessibleName(self.tr("Logo for reports"))
        row.addWidget(self.logo_preview)
        self.choose_logo_button = QPushButton(self.tr("Choose &a logo…"))
        self.choose_logo_button.setAccessibleName(self.tr("Choose a logo for reports"))
        self.choose_logo_button.clicked.connect(self.choose_logo)
        row.addWidget(self.choose_logo_button)
        self.remove_logo_button = QPushButton(self.tr("&Remove the logo"))
        self.remove_logo_button.setAccessibleName(self.tr("Remove the logo from reports"))
        self.remove_logo_button.clicked.connect(self.remove_logo)
        row.addWidget(self.remove_logo_button)
        row.addStretch(1)
        column.addLayout(row)
        hint = QLabel(self.tr("Printed at the top of report PDFs. A PNG or JPEG file, up to "
                              "5 MB. Saved as soon as you choose it."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.logo_problem = ProblemLabel(box, self.choose_logo_button)
        column.addWidget(self.logo_problem)
        label = QLabel(self.tr("Logo for reports:"))
        label.setBuddy(self.choose_logo_button)
        form.addRow(label, box)

    def _show_logo(self, png: bytes | None) -> None:
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png):
            shown = pixmap.scaledToHeight(min(LOGO_PREVIEW_HEIGHT, pixmap.height()),
                                          Qt.TransformationMode.SmoothTransformation)
            if shown.width() > LOGO_PREVIEW_MAX_WIDTH:
                shown = pixmap.scaledToWidth(LOGO_PREVIEW_MAX_WIDTH,
                                             Qt.TransformationMode.SmoothTransformation)
            self.logo_preview.setPixmap(shown)
            # Reports print on white paper: show the logo on white, as it will look.
            self.logo_preview.setStyleSheet("background-color: white;")
            self.logo_preview.setAccessibleDescription(self.tr(
                "A logo is set ({w} × {h} pixels).").format(w=pixmap.width(),
                                                            h=pixmap.height()))
        else:
            self.logo_preview.clear()
            self.logo_preview.setStyleSheet("")
            self.logo_preview.setText(self.tr("No logo"))
            self.logo_preview.setAccessibleDescription(self.tr("No logo is set."))
        self.remove_logo_button.setEnabled(bool(png))

    def choose_logo(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a logo for reports"), QDir.homePath(),
            self.tr("Pictures (*.png *.jpg *.jpeg *.gif *.bmp)"))
        if chosen:
            self.set_logo_from(Path(chosen))

    def set_logo_from(self, path: Path) -> None:
        self.notice.clear()
        self.logo_problem.clear_problem()
        try:
            with path.open("rb") as f:
                # One byte past the limit is enough for the size check; never read more.
                data = f.read(settings.LOGO_MAX_FILE_BYTES + 1)
        except OSError:
            self.logo_problem.show_problem(self.tr("{name} could not be read. Choose another "
                                                   "file.").format(name=path.name))
            return
        out = ops.run(self, self.store, lambda s, actor: settings_form.set_logo(s, actor, data),
                      problem=self.logo_problem, changed=ops.SETTINGS)
        if not out:
            return
        self._show_logo(out.value)
        self.notice.setText(self.tr("The logo was saved. It prints on new report PDFs."))

    def remove_logo(self) -> None:
        self.notice.clear()
        self.logo_problem.clear_problem()
        if not ops.run(self, self.store, lambda s, actor: settings.clear_logo(s, actor),
                       problem=self.logo_problem, changed=ops.SETTINGS):
            return
        self._show_logo(None)
        self.notice.setText(self.tr("The logo was removed from reports."))

    def load(self) -> None:
        form = ops.read(self.store, lambda s, _actor: settings_form.load_form(s))
        current, days = form.settings, form.no_contact_days
        self._show_logo(form.logo)
        self.logo_problem.clear_problem()
        self.organization.setText(current.organization_name)
        self.idle_minutes.setValue(current.idle_lock_minutes)
        self.min_length.setValue(current.password_rules.min_length)
        self.letter_digit.setChecked(current.password_rules.require_letter_and_digit)
        self.no_contact_days.setValue(days)

    def save(self) -> None:
        self.notice.clear()
        name, minutes, days = (self.organization.text(), self.idle_minutes.value(),
                               self.no_contact_days.value())
        rules = PasswordRules(min_length=self.min_length.value(),
                              require_letter_and_digit=self.letter_digit.isChecked())
        out = ops.run(self, self.store, lambda s, actor: settings_form.save_form(
            s, actor, organization_name=name, idle_lock_minutes=minutes,
            password_rules=rules, no_contact_days=days),
            problem=self.problem, changed=ops.SETTINGS)
        if not out or out.value is None:
            return
        result = out.value
        self.notice.setText(self.tr("Settings saved."))
        self.saved.emit(result)
