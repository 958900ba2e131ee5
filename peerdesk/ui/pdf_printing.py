"""Print a report PDF held in memory: choose a printer, then paint its pages off the UI thread.

Each page is rendered by PDFium (``peerdesk.reports.pdf_render``) at the printer's resolution,
capped at 300 dpi so a page image stays near 35 MB, and painted with QPainter scaled to fit the
printable area, aspect ratio kept. The bytes never go to a temporary file.

Threads: Qt 6 supports painting on a QPrinter from a non-GUI thread ("Thread-Support in Qt
Modules": QPainter can be used in a thread to paint onto QImage, QPrinter and QPicture; only
one thread may paint a given device at a time). So :func:`print_pdf` runs as the work function
of ``run_with_progress`` (peerdesk/ui/background.py); the QPrinter must not be touched by the
UI thread until the task is done. PDFium calls share one lock with the on-screen preview.

    printer = choose_printer(self, pages, self.tr("Billing report, March 2026"))
    if printer is not None:
        self._printer = printer  # keep it alive while the worker paints it
        run_with_progress(self, self.tr("Printing"), self.tr("Sending pages to the printer…"),
                          lambda control: print_pdf(data, printer, control),
                          on_success=..., kind="print")
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from peerdesk.reports.pdf_render import PdfPages, open_pdf
from peerdesk.ui.background import TaskControl

MAX_PRINT_DPI = 300


class PrintError(Exception):
    """The printer could not be started or refused a page (the message is for the user)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("PdfPrinting", text)


def choose_printer(parent: QWidget | None, page_count: int, title: str) -> QPrinter | None:
    """The system print dialog (page range allowed); the chosen printer, or None on Cancel."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setCreator("PeerDesk")
    printer.setFromTo(0, 0)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Print {title}").format(title=title) if title else _tr("Print"))
    dialog.setAccessibleName(dialog.windowTitle())
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    dialog.setMinMax(1, max(1, page_count))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return printer if accepted else None


def pages_to_print(printer: QPrinter, page_count: int) -> list[int]:
    """0-based page indexes in the printer's chosen range and order."""
    everything = list(range(page_count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():  # "1-3, 7" in the dialog
            chosen = [i for i in everything if ranges.contains(i + 1)]
        else:
            first = printer.fromPage() or 1
            last = printer.toPage() or page_count
            chosen = everything[max(0, first - 1):min(page_count, last)]
    elif printer.fromPage() or printer.toPage():
        first = printer.fromPage() or 1
        last = printer.toPage() or page_count
        chosen = everything[max(0, first - 1):min(page_count, last)]
    else:
        chosen = everything
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        chosen.reverse()
    return chosen


def _orientation(size: tuple[float, float]) -> QPageLayout.Orientation:
    width, height = size
    return (QPageLayout.Orientation.Landscape if width > height
            else QPageLayout.Orientation.Portrait)


def print_pdf(data: bytes, printer: QPrinter, control: TaskControl) -> int:
    """Paint the PDF's pages (the printer's range) on ``printer``; returns pages printed.
    Runs in a worker thread; ``control.progress`` raises once Cancel is pressed, and the
    print job is then aborted. Copies and collation are left to the printer."""
    with open_pdf(data) as pdf:
        indexes = pages_to_print(printer, pdf.count)
        if not indexes:
            return 0
        grayscale = printer.colorMode() == QPrinter.ColorMode.GrayScale
        # Orientation follows the PDF page. Set before begin() for the first page; later
        # pages set it just before newPage() (Qt's rule). Engines that refuse a change while
        # printing (Windows GDI, macOS) return False: those pages are rotated instead.
        printer.setPageOrientation(_orientation(pdf.page_size(indexes[0])))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(_tr("The printer could not be started. Check that it is "
                                 "turned on and connected, then try again."))
        done, finished = 0, False
        try:
            for done, index in enumerate(indexes):
                control.progress(done, len(indexes))
                wanted = _orientation(pdf.page_size(index))
                if done > 0:
                    if printer.pageLayout().orientation() != wanted:
                        printer.setPageOrientation(wanted)
                    if not printer.newPage():
                        raise PrintError(_tr("The printer stopped accepting pages."))
                _paint_page(painter, printer, pdf, index, grayscale,
                            rotate=printer.pageLayout().orientation() != wanted)
            done = len(indexes)
            control.progress(done, done)
            finished = True
        finally:
            if not finished:
                printer.abort()
            painter.end()
            if not finished:
                _remove_partial_file(printer)
    return done


def _remove_partial_file(printer: QPrinter) -> None:
    """A cancelled or failed "print to file" leaves no half-written PDF behind."""
    name = printer.outputFileName()
    if name and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        Path(name).unlink(missing_ok=True)


def _paint_page(painter: QPainter, printer: QPrinter, pdf: PdfPages, index: int,
                grayscale: bool, *, rotate: bool) -> None:
    """Page ``index`` scaled to fit the printable area (centred), rotated 90° if asked."""
    resolution = printer.resolution()
    area = printer.pageLayout().paintRectPixels(resolution)
    room_w, room_h = float(area.width()), float(area.height())
    width_pt, height_pt = pdf.page_size(index)
    if rotate:
        width_pt, height_pt = height_pt, width_pt
    fit = min(room_w / width_pt, room_h / height_pt)  # device pixels per point
    target_w, target_h = width_pt * fit, height_pt * fit
    dpi = min(resolution, MAX_PRINT_DPI)
    scale = fit * dpi / resolution  # image pixels per point
    page = pdf.render(index, scale, grayscale=grayscale)
    image = QImage(page.data, page.width, page.height, page.stride,
                   QImage.Format.Format_RGBX8888)  # wraps page.data: keep it alive till drawn
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    # Flate, not JPEG, where the engine writes PDF (CUPS, print to file): crisp text, and
    # smaller too for text pages (about 1 MB instead of 1.5 MB a letter page at 300 dpi).
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
    painter.translate((room_w - target_w) / 2, (room_h - target_h) / 2)
    if rotate:  # a landscape page on portrait paper: turn it a quarter clockwise
        painter.translate(target_w, 0)
        painter.rotate(90)
        target_w, target_h = target_h, target_w
    painter.drawImage(QRectF(0, 0, target_w, target_h), image)
    painter.restore()
    del image, page
