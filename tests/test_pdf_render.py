"""peerdesk.reports.pdf_render: real reportlab PDFs opened from bytes and rendered by PDFium."""

from __future__ import annotations

import io
import threading

import pytest
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas

from peerdesk.reports.pdf_render import PdfRenderError, RenderedPage, open_pdf


def make_pdf(pages: int = 3, landscape_pages: tuple[int, ...] = (1,)) -> bytes:
    """Page 1 of each is portrait letter unless listed (0-based) in ``landscape_pages``.
    Each page: a black bar 72-144 pt from the left and 72-90 pt from the top, and text."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for i in range(pages):
        size = landscape(letter) if i in landscape_pages else letter
        pdf.setPageSize(size)
        pdf.rect(72, size[1] - 90, 72, 18, stroke=0, fill=1)
        pdf.setFont("Helvetica-Bold", 24)
        pdf.drawString(72, size[1] - 140, f"Page {i + 1} of {pages}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pixel(page: RenderedPage, x: int, y: int) -> tuple[int, int, int, int]:
    at = y * page.stride + 4 * x
    r, g, b, x_ = page.data[at:at + 4]
    return r, g, b, x_


def test_opens_from_bytes_with_page_count_and_sizes_in_points() -> None:
    with open_pdf(make_pdf(4, landscape_pages=(1, 3))) as pdf:
        assert pdf.count == 4
        assert pdf.page_size(0) == (612.0, 792.0)
        assert pdf.page_size(1) == (792.0, 612.0)  # landscape letter
        assert pdf.page_size(3) == (792.0, 612.0)
        with pytest.raises(IndexError):
            pdf.page_size(4)


def test_a_page_renders_to_rgbx_with_white_margin_and_dark_ink() -> None:
    with open_pdf(make_pdf()) as pdf:
        page = pdf.render(0, 1.0)
        assert (page.width, page.height) == (612, 792)
        assert page.stride >= 4 * page.width
        assert len(page.data) == page.stride * page.height
        assert pixel(page, 5, 5) == (255, 255, 255, 255)  # white margin
        assert pixel(page, 600, 780) == (255, 255, 255, 255)
        assert pixel(page, 100, 80)[:3] == (0, 0, 0)  # inside the black bar (y from top)
        assert set(page.data[3::4]) == {255}  # the X byte is always 255 (Format_RGBX8888)
        text_row = page.data[135 * page.stride:136 * page.stride]  # baseline 140 pt down
        assert min(text_row[0::4]) < 80  # dark text on the title line

        big = pdf.render(0, 300 / 72)  # 300 dpi
        assert (big.width, big.height) == (2550, 3300)
        assert pixel(big, 100 * 300 // 72, 80 * 300 // 72)[:3] == (0, 0, 0)

        wide = pdf.render(1, 0.5)  # landscape at 36 dpi
        assert (wide.width, wide.height) == (396, 306)


def test_grayscale_render_keeps_the_format() -> None:
    with open_pdf(make_pdf(1)) as pdf:
        page = pdf.render(0, 0.5, grayscale=True)
        r, g, b, x = pixel(page, 50, 40)
        assert r == g == b and x == 255


def test_bad_input_is_refused_plainly() -> None:
    with pytest.raises(PdfRenderError):
        open_pdf(b"%PDF-1.4 this is not really a PDF")
    with pytest.raises(PdfRenderError):
        open_pdf(b"")
    with pytest.raises(TypeError):
        open_pdf("/some/path.pdf")  # type: ignore[arg-type]
    with open_pdf(make_pdf(1)) as pdf:
        with pytest.raises(ValueError):
            pdf.render(0, 0)
        with pytest.raises(ValueError):
            pdf.render(0, 500.0)  # 306,000 pixels wide: refused, not allocated
        with pytest.raises(IndexError):
            pdf.render(1, 1.0)


def test_close_is_idempotent_and_a_closed_pdf_cannot_render() -> None:
    pdf = open_pdf(make_pdf(1))
    pdf.close()
    pdf.close()
    assert pdf.closed
    with pytest.raises(PdfRenderError):
        pdf.render(0, 1.0)


def test_many_documents_opened_and_closed_in_turn() -> None:
    data = make_pdf(2)
    for _ in range(200):  # a report replaced again and again
        with open_pdf(data) as pdf:
            pdf.render(1, 0.25)


def test_two_threads_render_at_once_without_crashing() -> None:
    data = make_pdf(6, landscape_pages=(2,))
    shared = open_pdf(data)
    expected = {i: shared.render(i, 0.75).data for i in range(6)}
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def work(own_document: bool) -> None:
        try:
            start.wait()
            for _ in range(15):
                if own_document:
                    with open_pdf(data) as pdf:
                        for i in range(pdf.count):
                            assert pdf.render(i, 0.75).data == expected[i]
                else:
                    for i in range(shared.count):
                        assert shared.render(i, 0.75).data == expected[i]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(own,)) for own in (True, False, True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    shared.close()
    assert not any(t.is_alive() for t in threads)
    assert errors == []
