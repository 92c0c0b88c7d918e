"""PDF from the HTML page with WeasyPrint (needs the Pango library).

A4 pages with the digest's heading at the top and "sivu 2 / 5" at the bottom; tables use
the page's width (fixed layout, cells wrap) and break between rows, never leaving a
half-empty first page or a last page with only the footnotes.
"""

from __future__ import annotations

import warnings
from typing import Any

from digest.errors import RenderError
from digest.labels import labels_for
from digest.model import Digest
from digest.render import text
from digest.render.html import page

PRINT_STYLE = """
@page { size: A4; margin: 20mm 15mm 18mm;
  @top-center { content: %(heading)s; font: 9pt "DejaVu Sans", sans-serif; color: #4a4a4a; }
  @bottom-center { content: %(number)s; font: 9pt "DejaVu Sans", sans-serif; color: #4a4a4a; }
}
body { max-width: none; padding: 0; font-size: 10pt; }
table { width: 100%%; table-layout: fixed; break-inside: auto; }
th, td { overflow-wrap: anywhere; hyphens: auto; padding: .2rem .3rem; }
thead { display: table-header-group; }
tr, blockquote, figure { break-inside: avoid; }
h2, h3, h4 { break-after: avoid; }
.scroll { overflow: visible; }
.chart { max-width: 100%%; }
footer.note { break-before: avoid; font-size: 8.5pt; }
footer.note p { margin: .2rem 0; }
"""


def css_string(value: str) -> str:
    """A CSS string literal of any text (quotes and backslashes escaped, no line breaks)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def print_style(digest: Digest) -> str:
    """The PDF's page rules: the heading at the top, page numbers at the bottom."""
    number = labels_for(digest.language)["page"]
    before, rest = number.split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    counters = (
        f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) "
        f"{css_string(after)}"
    )
    return PRINT_STYLE % {"heading": css_string(text.heading(digest)), "number": counters}


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
    document = _weasyprint().HTML(string=page(digest, print_style=print_style(digest)))
    pdf: bytes = document.write_pdf()
    return pdf
