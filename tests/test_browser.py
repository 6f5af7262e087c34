"""The app in a real browser: Debian's headless Chromium driven by playwright."""
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_generate_shows_faces(page, app_url):
    page.goto(app_url)
    page.get_by_role("button", name="Generate").click()
    images = page.locator("div.gallery img, .grid-container img, button.thumbnail-item img")
    images.first.wait_for(timeout=60_000)
    assert images.count() >= 1
    page.screenshot(path=str(ARTIFACTS / "random_faces.png"))
