"""The pack's PDF: its snapshot rendered from a Django template by WeasyPrint, with nothing fetched from elsewhere
(the charts are inline SVG, the fonts the system's)."""

from django.template.loader import render_to_string

from ..charts import pack_charts
from .snapshot import QUARTERS


class NoNetworkError(ValueError):
    pass


def _refuse(url, *args, **kwargs):
    # The pack is built from its snapshot alone: no font, image or style sheet is ever fetched.
    raise NoNetworkError(url)


def pack_html(snapshot) -> str:
    context = {"snapshot": snapshot, "charts": pack_charts(snapshot), "quarters": QUARTERS}
    return render_to_string("governance/packs/pdf/pack.html", context)


def pack_pdf(snapshot) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(snapshot), url_fetcher=_refuse, base_url="about:blank").write_pdf()
