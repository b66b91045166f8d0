"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Never `playwright install`: the system chromium at /usr/bin/chromium is used. Without it the
tests are skipped, unless REQUIRE_BROWSER=1 (CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


def _require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


def _keep_serialized_contents() -> Callable[[], None]:
    """Carry the test databases' migration snapshot over to the connections used under Playwright.

    Playwright's sync API keeps an asyncio loop running in this thread; from then on asgiref's
    Local hands Django fresh connection wrappers (context-local instead of thread-local), which
    lack `_test_serialized_contents`. Without it `serialized_rollback` silently restores nothing
    and a second live-server test finds the reference data (golongan, jenjang …) flushed.
    """
    snapshots = {
        alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }

    def restore() -> None:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]

    return restore


@pytest.fixture(scope="module")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """Chromium for one test module.

    Module-scoped on purpose: while Playwright runs, this thread has a running event loop, so
    Django's ORM needs DJANGO_ALLOW_ASYNC_UNSAFE. Both end with the module, so the rest of the
    suite (and subprocesses such as `manage.py check --deploy`) never sees either.
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium); browser tests need Debian's chromium"
        if _require_browser():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    restore_snapshots = _keep_serialized_contents()
    with pytest.MonkeyPatch.context() as mp:
        # Set before Playwright starts its loop: from then on every ORM call (the live_server
        # data set-up, the flush after each test) happens "inside" that loop.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            restore_snapshots()
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own cookies) per test, Indonesian, laptop-sized; the test fails when
    the Content-Security-Policy refused anything on its pages."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every journey also proves the pages work under the Content-Security-Policy: the browser
    # reports each refused script, style or handler on the console.
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    try:
        yield page
    finally:
        context.close()
    assert not refused, f"refused by the Content-Security-Policy: {refused}"


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
