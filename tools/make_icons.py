"""Draw PeerDesk's icon with Qt (offscreen) and write peerdesk/resources/.

    .venv/bin/python tools/make_icons.py

Writes peerdesk-<size>.png (16 … 1024), peerdesk.png (256), peerdesk.ico (Windows: 16–256,
PNG-compressed entries) and peerdesk.icns (macOS: 16–1024). The mark: a sun rising over a
horizon, with a path leading to it — calm colours, legible at 16 pixels.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

OUT = Path(__file__).resolve().parent.parent / "peerdesk" / "resources"
SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
TEAL_TOP, TEAL_BOTTOM = QColor("#2c8a83"), QColor("#1b5a56")
SUN, GROUND, PATH = QColor("#f6c35b"), QColor("#154845"), QColor("#fbf7ee")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100.0, size / 100.0)  # draw on a 100 × 100 grid
    small = size <= 32
    margin = 2.0 if small else 5.0
    tile = QRectF(margin, margin, 100 - 2 * margin, 100 - 2 * margin)
    shape = QPainterPath()
    shape.addRoundedRect(tile, 20, 20)
    sky = QLinearGradient(QPointF(0, margin), QPointF(0, 100 - margin))
    sky.setColorAt(0, TEAL_TOP)
    sky.setColorAt(1, TEAL_BOTTOM)
    p.fillPath(shape, QBrush(sky))
    p.setClipPath(shape)
    horizon = 62.0
    # the sun, half risen
    radius = 24.0 if small else 21.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(SUN)
    p.drawEllipse(QPointF(50, horizon), radius, radius)
    if not small:  # a few short rays
        pen = QPen(SUN, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        for dx, dy in [(-33, -10), (-22, -24), (0, -31), (22, -24), (33, -10)]:
            length = (dx * dx + dy * dy) ** 0.5
            ux, uy = dx / length, dy / length
            start = radius + 5
            p.drawLine(QPointF(50 + ux * start, horizon + uy * start),
                       QPointF(50 + ux * (start + 6.5), horizon + uy * (start + 6.5)))
        p.setPen(Qt.PenStyle.NoPen)
    # the ground below the horizon
    p.setBrush(GROUND)
    p.drawRect(QRectF(0, horizon, 100, 100 - horizon))
    # a path that narrows towards the sun
    road = QPainterPath()
    if small:  # a wide, short wedge: reads as a path, not a stem
        road.moveTo(22, 100)
        road.cubicTo(40, 82, 52, 72, 49.5, horizon + 4)
        road.lineTo(51.5, horizon + 4)
        road.cubicTo(60, 76, 66, 88, 82, 100)
    else:
        road.moveTo(30, 100)
        road.cubicTo(44, 88, 58, 78, 49.2, horizon)
        road.lineTo(50.8, horizon)
        road.cubicTo(66, 76, 62, 90, 68, 100)
    road.closeSubpath()
    p.setBrush(PATH)
    p.drawPath(road)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(path: Path, images: dict[int, bytes]) -> None:
    """ICO with PNG entries (Windows Vista and later read these)."""
    sizes = [s for s in (16, 24, 32, 48, 64, 128, 256) if s in images]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        blob = images[s]
        dim = 0 if s >= 256 else s
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    path.write_bytes(header + entries + blobs)


def write_icns(path: Path, images: dict[int, bytes]) -> None:
    """ICNS with PNG entries (macOS 10.7 and later)."""
    types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
             ("ic09", 512), ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256),
             ("ic14", 512)]
    body = b""
    for code, s in types:
        blob = images[s]
        body += code.encode("ascii") + struct.pack(">I", 8 + len(blob)) + blob
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841
    OUT.mkdir(parents=True, exist_ok=True)
    images = {s: png_bytes(draw(s)) for s in SIZES}
    for s, blob in images.items():
        (OUT / f"peerdesk-{s}.png").write_bytes(blob)
    (OUT / "peerdesk.png").write_bytes(images[256])
    write_ico(OUT / "peerdesk.ico", images)
    write_icns(OUT / "peerdesk.icns", images)
    print(f"wrote {len(images) + 3} files to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
