"""Pictures of a PDF's pages, drawn from the very bytes that are saved or printed.

The disclose dialog previews a document as page images and prints those same pages, so what the
user checks is the PDF itself, not a second rendering of its content. Two ways to draw a page, in
order of preference:

* **QtPdf** (in process): ``PySide6.QtPdf.QPdfDocument`` reads the bytes from a ``QBuffer``. It
  ships in ``PySide6-Addons``, not in ``PySide6-Essentials``, so it is used only when installed.
* **poppler's pdftoppm** (a child process): the bytes go in on its standard input and the pages
  come back as PPM images on its standard output, so nothing is written to disk.

Neither may be present (a frozen build without QtPdf on a PC without poppler):
:func:`page_renderer` then returns None and the dialog says so. Rendering is slow work: call
:meth:`PageRenderer.render` on the task pool, never on the UI thread (QImage may be made on any
thread). Nothing here logs the document or its text.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
from typing import Protocol

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
MAX_DPI = 300.0
"""Pages are never drawn finer than this (a printer's 1200 dpi would be ~100 MB a page)."""
PDFTOPPM_TIMEOUT = 120.0


class PageRenderError(RuntimeError):
    """The pages could not be drawn (the message names no content)."""


class PageRenderer(Protocol):
    """Draws every page of a PDF as an image."""

    name: str

    def render(self, pdf: bytes, *, dpi: float) -> list[QImage]:
        """One image per page, at ``dpi`` dots per inch (capped at :data:`MAX_DPI`)."""
        ...


class QtPdfRenderer:
    """Pages drawn in process by QtPdf (PySide6-Addons)."""

    name = "QtPdf"

    def render(self, pdf: bytes, *, dpi: float) -> list[QImage]:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        scale = min(dpi, MAX_DPI) / POINTS_PER_INCH
        data = QByteArray(pdf)
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        try:
            document.load(buffer)
            if document.status() != QPdfDocument.Status.Ready:
                raise PageRenderError(f"QtPdf could not read the PDF ({document.error().name})")
            images = []
            for page in range(document.pageCount()):
                points = document.pagePointSize(page)
                size = QSize(round(points.width() * scale), round(points.height() * scale))
                image = document.render(page, size)
                if image.isNull():
                    raise PageRenderError(f"QtPdf could not draw page {page + 1}")
                images.append(_on_white(image))
            return images
        finally:
            document.close()
            buffer.close()


class PdftoppmRenderer:
    """Pages drawn by poppler's ``pdftoppm``, through pipes only."""

    name = "pdftoppm"

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def render(self, pdf: bytes, *, dpi: float) -> list[QImage]:
        resolution = f"{min(dpi, MAX_DPI):.0f}"
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if os.name == "nt" else 0
        try:
            done = subprocess.run(  # noqa: S603 - a fixed executable and arguments, no shell
                [self.executable, "-r", resolution, "-"], input=pdf, capture_output=True,
                timeout=PDFTOPPM_TIMEOUT, check=False, creationflags=flags)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PageRenderError(f"pdftoppm did not run ({type(error).__name__})") from None
        if done.returncode != 0:
            raise PageRenderError(f"pdftoppm failed (exit status {done.returncode})")
        return parse_ppm_pages(done.stdout)


def _on_white(image: QImage) -> QImage:
    """QtPdf leaves the paper transparent: lay the page on white paper."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def parse_ppm_pages(data: bytes) -> list[QImage]:
    """The images of a stream of binary PPM (P6, 8-bit) pages, as pdftoppm writes them."""
    images: list[QImage] = []
    position = 0
    while position < len(data):
        fields: list[bytes] = []
        while len(fields) < 4:
            while position < len(data) and data[position:position + 1].isspace():
                position += 1
            if data[position:position + 1] == b"#":  # a comment runs to the end of the line
                position = data.index(b"\n", position)
                continue
            end = position
            while end < len(data) and not data[end:end + 1].isspace():
                end += 1
            if end == position:
                raise PageRenderError("the page images ended early")
            fields.append(data[position:end])
            position = end
        position += 1  # the single whitespace character after the maximum value
        magic, width, height, maximum = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
        if magic != b"P6" or maximum != 255:
            raise PageRenderError("the page images are not 8-bit PPM")
        size = width * height * 3
        pixels = data[position:position + size]
        if len(pixels) != size:
            raise PageRenderError("the page images ended early")
        position += size
        image = QImage(pixels, width, height, width * 3, QImage.Format.Format_RGB888)
        images.append(image.copy())  # copy: the QImage must own its pixels
    return images


def page_renderer() -> PageRenderer | None:
    """The best way this computer has to draw PDF pages: QtPdf, else pdftoppm, else None."""
    if importlib.util.find_spec("PySide6.QtPdf") is not None:
        return QtPdfRenderer()
    executable = shutil.which("pdftoppm")
    if executable:
        return PdftoppmRenderer(executable)
    log.info("no PDF page renderer: neither QtPdf nor pdftoppm is installed")
    return None
