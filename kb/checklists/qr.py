"""The page's address as a QR code on the printed checklist (segno; drawn once per address
and kept in build/cache/qr-svg.json)."""
from __future__ import annotations

from kb.common.paths import ROOT
from kb.content.filecache import ValueCache, package_digest

_QR_CACHE = ValueCache(ROOT / "build" / "cache" / "qr-svg.json")  # drawing a QR code costs ~10 ms


def qr_svg(url: str) -> str:
    """The page's address as an inline SVG QR code (decorative: the address is printed as text too)."""
    key = ValueCache.key("qr", package_digest("segno"), url)
    svg = _QR_CACHE.get(key)
    if svg is None:
        import segno  # only on a miss: importing it costs ~20 ms (urllib, http, email …)

        svg = segno.make(url, error="m", micro=False).svg_inline(scale=1, border=4, omitsize=True, svgclass="kb-cl-qr__svg")
        _QR_CACHE.put(key, svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
