"""Markdown rendered safely: no raw HTML, no script, no javascript: link; links get rel="nofollow noopener"."""

from django.template import Context, Template

from governance.markdown import render_markdown


def test_markdown_is_rendered():
    html = render_markdown("# Titre\n\n## 1. Point\n\n- **gras** et *italique*\n- [lien](https://cress.fr)")
    assert "<h1>Titre</h1>" in html and "<h2>1. Point</h2>" in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert '<a href="https://cress.fr" rel="nofollow noopener">lien</a>' in html


def test_a_script_is_shown_as_text_never_run():
    html = render_markdown("Avant\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)> et <b onclick=x>b</b>")
    assert (
        "<script" not in html
        and "<img" not in html
        and "<b " not in html
        and "onerror=" not in html.replace("&lt;", "").split("&gt;")[0]
    )
    assert "&lt;script&gt;" in html


def test_javascript_and_data_links_lose_their_target():
    for link in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x"):
        html = render_markdown(f"[cliquez]({link})")
        assert "javascript" not in html.lower() and "data:" not in html and "vbscript" not in html
        assert ">cliquez</a>" in html


def test_raw_html_blocks_and_attributes_are_not_passed():
    html = render_markdown('<div style="position:fixed">cache</div>\n\n<iframe src="https://x"></iframe>')
    assert "<div" not in html and "<iframe" not in html and "style=" not in html.replace("&lt;div style=", "")


def test_headings_move_down_under_the_page_headings():
    html = render_markdown("# Titre\n\n## Point\n\n###### Bas", heading_offset=2)
    assert "<h3>Titre</h3>" in html and "<h4>Point</h4>" in html and "<h6>Bas</h6>" in html


def test_the_template_filter():
    template = Template("{% load governance_text %}{{ text|markdown:2 }}")
    html = template.render(Context({"text": "# Compte rendu\n\n<script>x</script>"}))
    assert "<h3>Compte rendu</h3>" in html and "<script>" not in html
    assert Template("{% load governance_text %}{{ text|markdown }}").render(Context({"text": None})) == ""
