"""Settings (administrators): the assessment instruments this organization uses, and adding
its own instrument file (TOML or JSON) without touching code. A file with problems is
refused and every problem is listed, so it can be corrected in one go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services import instrument_catalog
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel
from peerdesk.ui.list_widgets import heading, reading_pane

MAX_FILE_BYTES = 1_000_000


class InstrumentsSection(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.tr("Assessment instruments"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("Assessment instruments")))
        about = QLabel(self.tr(
            "Built-in instruments come with PeerDesk. Your organization can add its own as a "
            "TOML or JSON file (see barc10.toml in PeerDesk's instruments folder for the "
            "layout). A file is checked before it is added."))
        about.setWordWrap(True)
        layout.addWidget(about)
        caption = QLabel(self.tr("A&vailable instruments:"))
        self.available = QListWidget()
        self.available.setAccessibleName(self.tr("Available instruments"))
        self.available.setWordWrap(True)
        self.available.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        caption.setBuddy(self.available)
        layout.addWidget(caption)
        layout.addWidget(self.available)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add &instrument file…"))
        self.add_button.clicked.connect(self.add_file)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Instrument file result"))
        layout.addWidget(self.notice)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.problems_label = QLabel(self.tr("&Problems in the file:"))
        self.problems = reading_pane(self.tr("Problems in the instrument file"))
        self.problems_label.setBuddy(self.problems)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)
        self._show_problems([])
        self.refresh()

    def refresh(self) -> None:
        if self.store.closed:
            return
        out = ops.run(self, self.store, lambda s, _actor: instrument_catalog.available(s),
                      problem=self.problem)
        if not out or out.value is None:
            return
        found = out.value
        built_in = instrument_catalog.builtins()
        self.available.clear()
        for inst in sorted(found.values(), key=lambda i: i.title.lower()):
            origin = (self.tr("built in") if built_in.get(inst.id) is inst
                      else self.tr("added by your organization"))
            self.available.addItem(self.tr("{title} — version {v}, {n} items ({origin})").format(
                title=inst.title, v=inst.version, n=len(inst.items), origin=origin))

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.setPlainText("\n".join(f"• {p}" for p in problems))
        self.problems_label.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))

    def add_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Add an instrument file"), QDir.homePath(),
            self.tr("Instrument files (*.toml *.json)"))
        if chosen:
            self.add_path(Path(chosen))

    def add_path(self, path: Path) -> None:
        self.notice.clear()
        self.problem.clear_problem()
        self._show_problems([])
        fmt = "json" if path.suffix.lower() == ".json" else "toml"
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(self.tr("{name} is too large for an instrument file.").format(
                    name=path.name))
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            self.problem.show_problem(self.tr("{name} is not UTF-8 text.").format(
                name=path.name))
            return
        except (OSError, ValueError) as exc:
            self.problem.show_problem(str(exc))
            return
        out = ops.run(self, self.store, lambda s, actor: instrument_catalog.add_file(
            s, actor, text, fmt), problem=self.problem, changed=ops.SETTINGS)
        if not out or out.value is None:
            return
        inst = out.value.instrument
        if inst is None:
            problems = out.value.problems
            self.problem.show_problem(self.tr(
                "{name} was not added: it has {n} problem(s), listed below. Correct them and "
                "add the file again.").format(name=path.name, n=len(problems)))
            self._show_problems([f"{path.name}:{p[5:]}" if p.startswith("file:") else p
                                 for p in problems])
            self.problems.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.notice.setText(self.tr("{title} (version {v}) was added. It can be chosen for a "
                                    "new assessment now.").format(title=inst.title,
                                                                  v=inst.version))
        self.refresh()
