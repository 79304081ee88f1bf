"""Images (PNG, JPEG, TIFF): every frame is a page, its text read by OCR (`ocr.py`).

A multi-page TIFF (how scanners file a letter) gives one page per frame. Without Tesseract the
document needs OCR, and says how to install it.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from PIL import Image, ImageSequence, UnidentifiedImageError

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.ocr import (
    INSTALL_HINT,
    add_ocr_page,
    fit_image,
    mark_ocr_pages,
    ocr_image,
    tesseract_available,
)
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"


class ImageIngestor(Ingestor):
    media_types = (PNG, JPEG, TIFF)
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        image = _open(data)
        n_frames = getattr(image, "n_frames", 1)
        limit = context.limits.max_image_frames
        if n_frames > limit:
            document.metadata["warning"] = f"truncated at {limit} of {n_frames} frames"
        if not tesseract_available():
            document.status = "needs_ocr"
            document.error = f"image: {min(n_frames, limit)} page(s) need OCR ({INSTALL_HINT})"
            return
        builder = TextBuilder()
        confidences: dict[int, float | None] = {}
        unread: list[int] = []
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= limit:
                break
            if index:
                builder.new_page()
            page = ocr_image(fit_image(_load(frame)))
            if page.has_text:
                add_ocr_page(page, builder)
                confidences[index + 1] = page.confidence
            else:
                unread.append(index + 1)
        builder.apply(document)
        mark_ocr_pages(document, confidences)
        if unread and confidences:
            pages = ", ".join(map(str, unread))
            document.metadata["warning"] = f"OCR read no words on page(s) {pages}"


def _open(data: bytes) -> Image.Image:
    """The image, its size checked against Pillow's decompression-bomb limit."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise IngestError(f"image refused: too many pixels ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise IngestError("not a readable image: damaged or of an unknown kind") from exc
    except (OSError, ValueError) as exc:
        raise IngestError(f"not a readable image: {exc}") from exc


def _load(frame: Image.Image) -> Image.Image:
    """One frame's pixels, decoded now so that a damaged frame is an `IngestError`."""
    try:
        frame.load()
        return frame.copy()
    except (OSError, ValueError, SyntaxError) as exc:
        raise IngestError(f"damaged image: {exc}") from exc
