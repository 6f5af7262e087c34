"""The app in a real browser: Debian's headless Chromium driven by playwright, against ``python app.py``
with the shipped weights. Screenshots go to test-artifacts/."""
import io
import os
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
TIMEOUT = 120_000  # ms: the first request of a kind loads its model


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url)
    yield page
    page.close()


@pytest.fixture(scope="module")
def portrait(tmp_path_factory) -> Path:
    """A portrait of a face the shipped generator made."""
    from test_api import findable_portrait

    path = tmp_path_factory.mktemp("browser") / "portrait.png"
    findable_portrait().save(path)
    return path


def fetch(src: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(urllib.request.urlopen(src).read())).convert("RGB")).astype(int)


def drag(page, selector: str, y: float, x0: float, x1: float) -> None:
    """Paint one horizontal stroke on a canvas, at fractions of its box."""
    box = page.locator(f"{selector} canvas").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * x0, box["y"] + box["height"] * y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * x1, box["y"] + box["height"] * y, steps=12)
    page.mouse.up()


def requires(component: str) -> None:
    from ganedit.pretrained import has

    if not has(component):
        pytest.skip(f"weights/{component} is not shipped yet")


AFTER = "#edited img >> nth=-1"  # the image slider's second image: the photo after the edit
AFTER_JS = "[...document.querySelectorAll('#edited img')].pop().src"


def test_long_hair_slider_changes_the_photo_then_a_sketch_edit_runs(page, portrait):
    page.locator("#photo input[type=file]").set_input_files(str(portrait))
    page.get_by_role("button", name="Edit this photo").click()
    page.locator(AFTER).wait_for(timeout=TIMEOUT)
    before = page.locator(AFTER).get_attribute("src")
    page.locator("#slider-long_hair input[type=range]").fill("2.5")
    page.wait_for_function(f"b => {AFTER_JS} !== b", arg=before, timeout=TIMEOUT)
    after = page.locator(AFTER).get_attribute("src")
    edited, original = fetch(after), fetch(before)
    assert edited.shape == original.shape == np.asarray(Image.open(portrait).convert("RGB")).shape
    assert np.abs(edited - original).mean() > 1
    page.screenshot(path=str(ARTIFACTS / "attributes.png"))

    page.get_by_role("tab", name="Sketch").click()
    page.get_by_role("button", name="Load the current face").click()
    page.wait_for_timeout(1500)
    drag(page, "#pad", y=0.12, x0=0.3, x1=0.7)
    page.get_by_role("button", name="Follow my strokes").click()
    page.locator("#candidates img").first.wait_for(timeout=TIMEOUT)
    assert page.locator("#candidates img").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "sketch.png"))


def test_super_resolution_returns_four_times_the_size(page, tmp_path):
    requires("sr_psnr")
    small = tmp_path / "small.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (48, 40, 3), dtype=np.uint8)).save(small)
    page.get_by_role("tab", name="Super-resolution").click()
    page.locator("#sr-input input[type=file]").set_input_files(str(small))
    page.get_by_role("button", name="Upscale 4×").click()
    page.locator("#sr-compare img").nth(1).wait_for(timeout=TIMEOUT)
    assert fetch(page.locator("#sr-compare img").nth(1).get_attribute("src")).shape == (192, 160, 3)
    page.screenshot(path=str(ARTIFACTS / "superres.png"))


def test_completion_changes_only_the_painted_band(page, portrait):
    requires("completion")
    page.get_by_role("tab", name="Completion").click()
    editor = page.locator("#completion-editor")
    editor.get_by_label("Image", exact=True).click()  # the editor's image tool holds its upload field
    editor.locator("input[type=file]").set_input_files(str(portrait))
    editor.locator("canvas").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    drag(page, "#completion-editor", y=0.5, x0=0.4, x1=0.6)
    page.get_by_role("button", name="Fill", exact=True).click()
    page.locator("#completion-result img").wait_for(timeout=TIMEOUT)
    changed = (fetch(page.locator("#completion-result img").get_attribute("src")) != fetch_file(portrait)).any(2)
    rows = np.nonzero(changed.any(1))[0]
    height = changed.shape[0]
    assert changed.any() and changed.mean() < 0.15
    assert rows.min() > 0.25 * height and rows.max() < 0.75 * height  # only around the stroke through the middle
    page.screenshot(path=str(ARTIFACTS / "completion.png"))


def fetch_file(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def test_examples_fill_the_inputs_and_show_their_result(page):
    requires("sr_psnr")
    requires("completion")
    page.get_by_role("tab", name="Super-resolution").click()
    page.locator("#sr-examples img").first.click()  # computed on this first click, then cached
    page.locator("#sr-compare img").nth(1).wait_for(timeout=TIMEOUT)
    assert fetch(page.locator("#sr-compare img").nth(1).get_attribute("src")).shape[0] % 4 == 0
    page.get_by_role("tab", name="Completion").click()
    page.locator("#completion-examples img").first.click()
    page.locator("#completion-result img").wait_for(timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "examples.png"))
