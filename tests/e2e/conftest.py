"""Browser journeys: Debian's headless Chromium driven by Playwright, with axe-core run on the pages visited.

The pages come from pytest-django's ``live_server``, which serves static files through Django's
StaticFilesHandler (the finders, so STATICFILES_DIRS and node_modules) because django.contrib.staticfiles
is installed: Bootstrap's CSS is really applied, and axe judges contrast on the real page.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API keeps an asyncio loop running in this thread, so Django would otherwise refuse the
# ORM calls the tests make to set up their data.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The assertions wait as long as the actions do: a page reloaded by htmx (HX-Refresh) on a loaded CI machine
# may take longer than Playwright's default 5 s.
expect.set_options(timeout=15_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({target: node.target, html: node.html, summary: node.failureSummary})),
  }));
}"""


@pytest.fixture(scope="session")
def browser(chromium_path):
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def expected_refusals():
    """Paths a test opens on purpose to see them refused (403/404): not counted as broken resources."""
    return []


@pytest.fixture
def page(browser, expected_refusals):
    """A page in a fresh browser context (no cookies shared between tests).

    A stylesheet, script or page of the site that fails to load fails the test: the journey and the
    accessibility check would otherwise run on a page the users never see.
    """
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    broken = []

    def record_error(response):
        # Chromium asks for /favicon.ico on its own; the site declares no icon.
        if response.status in (403, 404) and any(response.url.endswith(path) for path in expected_refusals):
            return
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            broken.append(f"{response.status} {response.url}")

    page.on("response", record_error)
    page.on("requestfailed", lambda request: broken.append(f"{request.failure} {request.url}"))
    yield page
    context.close()
    assert not broken, "resources that failed to load:\n" + "\n".join(broken)


@pytest.fixture
def check_accessibility():
    """Returns check(page): runs axe-core (from npm) on the page and fails on serious or critical violations."""
    axe_path = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    if not axe_path.exists():
        pytest.fail(f"axe-core is missing at {axe_path}: run npm ci (make install)")

    def check(page):
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(axe_path))
        violations = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING_IMPACTS]
        if violations:
            lines = [f"axe-core: serious or critical accessibility violations on {page.url}"]
            for violation in violations:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
                for node in violation["nodes"]:
                    lines.append(f"    {' '.join(map(str, node['target']))}: {node['html']}")
                    lines.append(f"      {node['summary']}".replace("\n", " "))
            pytest.fail("\n".join(lines))

    return check
