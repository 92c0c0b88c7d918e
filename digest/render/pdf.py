"""PDF from the HTML page with WeasyPrint (needs the Pango library)."""

from __future__ import annotations

import warnings
from typing import Any

from digest.errors import RenderError
from digest.model import Digest
from digest.render.html import page


def _weasyprint() -> Any:
    """WeasyPrint, or RenderError naming what is missing."""
    try:
        with warnings.catch_warnings():
            # Without libharfbuzz-subset0 WeasyPrint 70 warns at import; PDFs are still made.
            warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
            import weasyprint  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except (ImportError, OSError) as exc:
        raise RenderError(
            "PDF rendering needs WeasyPrint (pip install weasyprint==70.0) and the Pango "
            f"library (Debian: libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from exc
    return weasyprint


def render_pdf(digest: Digest) -> bytes:
    """The HTML digest laid out as a PDF document."""
    document = _weasyprint().HTML(string=page(digest))
    pdf: bytes = document.write_pdf()
    return pdf
