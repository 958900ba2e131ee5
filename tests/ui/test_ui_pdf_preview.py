"""The in-app PDF preview (PdfPreview) and printing (pdf_printing) with real PDFs, offscreen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageRanges, QPageSize, QWheelEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas
from test_ui_accessibility import unlabelled_fields, unnamed_controls

from peerdesk.reports.pdf_render import open_pdf
from peerdesk.ui import pdf_preview as preview_module
from peerdesk.ui.background import TaskCancelled, TaskControl, run_with_progress
from peerdesk.ui.pdf_page_view import PdfPageView
from peerdesk.ui.pdf_preview import PdfPreview
from peerdesk.ui.pdf_printing import choose_printer, pages_to_print, print_pdf

ROOT = Path(__file__).resolve().parents[2]


def make_pdf(pages: int, landscape_pages: tuple[int, ...] = (), lines: int = 12) -> bytes:
    """Letter pages (landscape for the 0-based indexes listed) with a black bar at the top
    left and a few lines of text."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for i in range(pages):
        size = landscape(letter) if i in landscape_pages else letter
        pdf.setPageSize(size)
        pdf.rect(72, size[1] - 90, size[0] / 2, 18, stroke=0, fill=1)
        pdf.setFont("Helvetica-Bold", 24)
        pdf.drawString(72, size[1] - 140, f"Page {i + 1}")
        pdf.setFont("Helvetica", 10)
        for line in range(lines):
            pdf.drawString(72, size[1] - 170 - 13 * line, f"Line {line + 1} of page {i + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def thirty() -> bytes:
    return make_pdf(30, landscape_pages=(9,))


@pytest.fixture
def preview(qtbot: QtBot) -> Iterator[PdfPreview]:
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.clear()


def rendered(qtbot: QtBot, widget: PdfPreview) -> None:
    """Wait until every visible page has its image at the current zoom."""
    widget.view.viewport().repaint()
    qtbot.waitUntil(lambda: widget.view.needs_rendering() == [], timeout=5000)


def page_width(widget: PdfPreview, page: int) -> int:
    return widget.view.page_rect(page - 1).width()


# -- the viewer ---------------------------------------------------------------------------------
def test_empty_preview_shows_the_placeholder(preview: PdfPreview) -> None:
    assert preview.page_count() == 0 and preview.current_page() == 0
    assert preview.placeholder.isVisible()
    assert not preview.view.isVisible() and not preview.toolbar.isVisible()
    preview.set_placeholder("Choose a report and a period, then press Preview.")
    assert preview.placeholder.text() == "Choose a report and a period, then press Preview."


def test_thirty_pages_open_on_page_one_and_go_to_page_17(
        qtbot: QtBot, preview: PdfPreview, thirty: bytes) -> None:
    seen: list[tuple[int, int]] = []
    preview.page_changed.connect(lambda current, total: seen.append((current, total)))
    preview.set_pdf(thirty)
    assert preview.page_count() == 30
    assert preview.current_page() == 1 and seen[-1] == (1, 30)
    assert preview.view.isVisible() and not preview.placeholder.isVisible()
    assert preview.page_spin.value() == 1 and preview.of_label.text() == "of 30"

    preview.go_to_page(17)
    assert preview.current_page() == 17
    assert preview.page_spin.value() == 17 and seen[-1] == (17, 30)
    assert preview.view.page_rect(16).top() == PdfPageView.GAP  # page 17 at the top

    preview.page_spin.setFocus()
    preview.page_spin.selectAll()
    qtbot.keyClicks(preview.page_spin, "22")
    assert preview.current_page() == 17  # no jump while typing
    qtbot.keyClick(preview.page_spin, Qt.Key.Key_Return)
    assert preview.current_page() == 22 and seen[-1] == (22, 30)

    preview.go_to_page(30)  # the last page cannot scroll to the top: it still counts
    assert preview.current_page() == 30 and preview.page_spin.value() == 30
    preview.go_to_page(99)
    assert preview.current_page() == 30


def test_keyboard_pages_and_zooms(qtbot: QtBot, preview: PdfPreview, thirty: bytes) -> None:
    preview.set_pdf(thirty)
    view = preview.view
    preview.whole_page_button.click()  # a whole page fits: Page Down goes a page at a time
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert preview.current_page() == 2
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert preview.current_page() == 30
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert preview.current_page() == 29
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert preview.current_page() == 1

    preview.zoom_combo.setCurrentIndex(preview.zoom_combo.findData(100))
    preview.zoom_combo.activated.emit(preview.zoom_combo.currentIndex())
    assert page_width(preview, 1) == 816  # letter at 100 %, 96 dpi
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # a page taller than the view: a screenful
    assert preview.current_page() == 1 and view.verticalScrollBar().value() > 0

    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert page_width(preview, 1) == round(816 * 1.1)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert page_width(preview, 1) == 816

    wheel = QWheelEvent(QPointF(100, 100), QPointF(100, 100), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert page_width(preview, 1) == round(816 * 1.1)


def test_zoom_changes_the_page_width_and_fit_width_fills_the_view(
        qtbot: QtBot, preview: PdfPreview, thirty: bytes) -> None:
    preview.set_pdf(thirty)
    view = preview.view
    assert preview.fit_width_button.isChecked()  # the default
    room = view.viewport().width() - 2 * PdfPageView.GAP
    assert abs(page_width(preview, 10) - room) <= 1  # the widest page (landscape) fills it
    assert abs(page_width(preview, 1) - room * 612 / 792) <= 1
    assert view.horizontalScrollBar().maximum() == 0

    preview.zoom_combo.setCurrentIndex(preview.zoom_combo.findData(50))
    preview.zoom_combo.activated.emit(preview.zoom_combo.currentIndex())
    assert page_width(preview, 1) == 408 and not preview.fit_width_button.isChecked()
    assert preview.zoom_combo.currentText() == "50 %"
    preview.zoom_in_button.click()
    assert page_width(preview, 1) == round(816 * 2 / 3)
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert page_width(preview, 1) == round(816 / 3)

    preview.zoom_combo.setFocus()
    preview.zoom_combo.lineEdit().selectAll()
    qtbot.keyClicks(preview.zoom_combo.lineEdit(), "200")
    qtbot.keyClick(preview.zoom_combo.lineEdit(), Qt.Key.Key_Return)
    assert page_width(preview, 1) == 1632
    assert view.horizontalScrollBar().maximum() > 0  # wider than the view: scroll sideways
    assert page_width(preview, 10) == 2112  # the landscape page is wider

    preview.go_to_page(12)
    preview.fit_width_button.click()
    assert abs(page_width(preview, 10) - room) <= 1 and preview.current_page() == 12
    preview.resize(700, 600)  # fit width follows the window
    qtbot.waitUntil(lambda: abs(page_width(preview, 10) - (
        view.viewport().width() - 2 * PdfPageView.GAP)) <= 1)
    assert preview.current_page() == 12

    preview.whole_page_button.click()
    rect = view.page_rect(preview.current_page() - 1)
    assert rect.height() <= view.viewport().height() and rect.top() >= 0
    assert preview.whole_page_button.isChecked() and not preview.fit_width_button.isChecked()


def test_the_grabbed_widget_shows_page_pixels(
        qtbot: QtBot, preview: PdfPreview, thirty: bytes) -> None:
    preview.set_pdf(thirty)
    rendered(qtbot, preview)
    view = preview.view
    image = view.viewport().grab().toImage()
    rect = view.page_rect(0)
    assert QColor(image.pixel(rect.left() + 5, rect.top() + 5)) == QColor("white")
    background = QColor(image.pixel(3, rect.top() + 50))
    assert background.lightness() < 150  # grey around the page
    bar = view.page_rect(0).topLeft() + QPoint(
        round(100 * view.pixels_per_point()), round(81 * view.pixels_per_point()))
    assert QColor(image.pixel(bar)).lightness() < 40  # the black bar was rendered
    whole = preview.grab().toImage()
    darks = sum(1 for x in range(0, whole.width(), 3) for y in range(0, whole.height(), 3)
                if QColor(whole.pixel(x, y)).lightness() < 60)
    assert darks > 50


def test_clear_drops_the_document_and_every_image(
        qtbot: QtBot, preview: PdfPreview, thirty: bytes,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []

    def recording_open(data: bytes):  # type: ignore[no-untyped-def]
        opened.append(open_pdf(data))
        return opened[-1]

    monkeypatch.setattr(preview_module, "open_pdf", recording_open)
    preview.set_pdf(thirty)
    rendered(qtbot, preview)
    assert preview.view.cached_pages()
    preview.set_pdf(make_pdf(2))  # a new report replaces the old one
    assert opened[0].closed and not opened[1].closed
    assert preview.page_count() == 2 and preview.current_page() == 1

    seen: list[tuple[int, int]] = []
    preview.page_changed.connect(lambda current, total: seen.append((current, total)))
    preview.clear()
    assert opened[1].closed
    assert preview.view.cached_pages() == [] and preview.page_count() == 0
    assert preview.current_page() == 0 and seen == [(0, 0)]
    assert preview.placeholder.isVisible() and not preview.toolbar.isVisible()


def test_a_1500_page_report_opens_at_once_and_renders_only_what_is_seen(
        qtbot: QtBot, preview: PdfPreview) -> None:
    data = make_pdf(1500, lines=3)
    start = time.perf_counter()
    preview.set_pdf(data)
    rendered(qtbot, preview)
    assert time.perf_counter() - start < 2.0  # about 0.05 s here
    assert preview.page_count() == 1500
    assert len(preview.view.cached_pages()) <= 3
    preview.go_to_page(1000)
    rendered(qtbot, preview)
    assert preview.current_page() == 1000
    assert set(preview.view.cached_pages()) <= {0, 1, 2, 998, 999, 1000, 1001}
    for page in range(1000, 1500, 25):  # scroll through: the cache stays small
        preview.go_to_page(page)
        rendered(qtbot, preview)
    assert preview.view._cache_bytes <= PdfPageView.CACHE_BYTES


def test_every_control_is_named_and_labelled(preview: PdfPreview, thirty: bytes) -> None:
    preview.set_pdf(thirty)
    assert unnamed_controls(preview) == []
    assert unlabelled_fields(preview) == []
    assert preview.view.accessibleName() == "Report pages"
    assert preview.view.accessibleDescription() == "Page 1 of 30"


@pytest.mark.slow
def test_previewing_writes_no_file(tmp_path: Path) -> None:
    """In a fresh process whose home, XDG folders and temp folder all live in one sandbox:
    make a report PDF in memory, preview, scroll, zoom, clear. No file appears."""
    sandbox = tmp_path / "sandbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TMP", "TEMP"))}
    for var, sub in [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"),
                     ("XDG_RUNTIME_DIR", "runtime"), ("TMPDIR", "tmp")]:
        (sandbox / sub).mkdir(parents=True)
        env[var] = str(sandbox / sub)
    os.chmod(sandbox / "runtime", 0o700)
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    script = textwrap.dedent("""
        import io
        from PySide6.QtWidgets import QApplication
        from reportlab.pdfgen import canvas
        from peerdesk.ui.pdf_preview import PdfPreview
        app = QApplication([])
        out = io.BytesIO()
        pdf = canvas.Canvas(out)
        for i in range(40):
            pdf.drawString(72, 700, f"Participant Qzxv{i} Marker")
            pdf.showPage()
        pdf.save()
        widget = PdfPreview()
        widget.resize(800, 600)
        widget.show()
        widget.set_pdf(out.getvalue())
        for page in (1, 20, 40, 3):
            widget.go_to_page(page)
            for _ in range(20):
                app.processEvents()
        widget.view.set_zoom(2.0)
        for _ in range(20):
            app.processEvents()
        assert widget.view.cached_pages(), "nothing was rendered"
        widget.grab()
        widget.clear()
        print("preview done")
    """)
    before = {p for p in sandbox.rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "preview done" in done.stdout
    assert {p for p in sandbox.rglob("*") if p.is_file()} - before == set()


# -- printing -----------------------------------------------------------------------------------
def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    return printer


def quiet_control() -> TaskControl:
    return TaskControl(lambda done, total: None, TaskCancelled)


def test_print_a_range_through_the_background_task(qtbot: QtBot, tmp_path: Path) -> None:
    data = make_pdf(6, landscape_pages=(2, 3))
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    results: list[object] = []
    _task, dialog = run_with_progress(
        None, "Printing", "Sending pages to the printer…",
        lambda control: print_pdf(data, printer, control), on_success=results.append,
        on_failure=results.append, kind="print")
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert results == [3]
    assert (1, 3) in dialog.seen or (3, 3) in dialog.seen
    pages = PdfReader(str(out)).pages
    assert len(pages) == 3
    boxes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages]
    assert boxes == [(612, 792), (792, 612), (792, 612)]  # pages 3 and 4 printed landscape
    images = [x.get_object() for x in pages[0]["/Resources"]["/XObject"].values()]
    assert [i["/Filter"] for i in images] == ["/FlateDecode"]  # lossless: no JPEG blur
    with open_pdf(out.read_bytes()) as printed:  # the page really is there, scaled to fit
        page = printed.render(1, 0.25)
        inked = [page.data[i] for i in range(0, len(page.data), 4)]
        assert min(inked) < 60 and max(inked) == 255


def test_pages_to_print_follow_the_dialog_choices() -> None:
    printer = QPrinter()
    assert pages_to_print(printer, 5) == [0, 1, 2, 3, 4]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(QPageRanges.fromString("1-2,5"))  # typed as "1-2, 5"
    assert pages_to_print(printer, 9) == [0, 1, 4]
    printer.setFromTo(3, 99)
    assert pages_to_print(printer, 5) == [2, 3, 4]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert pages_to_print(printer, 5) == [4, 3, 2]


def test_print_all_pages_by_default(tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    assert print_pdf(make_pdf(4), pdf_printer(out), quiet_control()) == 4
    assert len(PdfReader(str(out)).pages) == 4


def test_cancel_stops_printing_part_way_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    seen: list[int] = []
    control: TaskControl

    def emit(done: int, total: int) -> None:
        seen.append(done)
        if done == 2:
            control.cancel()  # as the Cancel button does

    control = TaskControl(emit, TaskCancelled)
    with pytest.raises(TaskCancelled):
        print_pdf(make_pdf(10), pdf_printer(out), control)
    assert seen == [0, 1, 2]  # two pages painted, then it stopped
    assert not out.exists()


def test_an_engine_that_cannot_turn_the_paper_gets_a_rotated_page(tmp_path: Path) -> None:
    class FixedOrientation(QPrinter):  # like Windows' GDI engine once printing has begun
        def setPageOrientation(self, orientation: QPageLayout.Orientation) -> bool:
            return False

    out = tmp_path / "rotated.pdf"
    printer = FixedOrientation(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    assert print_pdf(make_pdf(1, landscape_pages=(0,)), printer, quiet_control()) == 1
    page = PdfReader(str(out)).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait paper
    with open_pdf(out.read_bytes()) as printed:
        image = printed.render(0, 0.5)
        # the bar along the landscape page's top edge now runs down the paper's right side
        def dark_rows(x: int) -> int:
            return sum(1 for y in range(image.height)
                       if image.data[y * image.stride + 4 * x] < 60)

        bar = [x for x in range(image.width) if dark_rows(x) > image.height * 0.3]
        assert bar and min(bar) > image.width * 0.75


def test_choose_printer_sets_the_dialog_up(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[QPrintDialog] = []

    def fake_exec(dialog: QPrintDialog) -> int:
        shown.append(dialog)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    printer = choose_printer(None, 30, "Billing report")
    assert printer is not None and printer.docName() == "Billing report"
    dialog = shown[0]
    assert dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange)
    assert (dialog.minPage(), dialog.maxPage()) == (1, 30)
    monkeypatch.setattr(QPrintDialog, "exec",
                        lambda dialog: int(QDialog.DialogCode.Rejected))
    assert choose_printer(None, 30, "Billing report") is None
