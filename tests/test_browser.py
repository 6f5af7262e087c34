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
DIVIDER_JS = "() => [...document.querySelectorAll('#edited img')].pop().style.clipPath"  # where "after" begins


def drag_slider(page, name: str, to: float) -> None:
    """Drag a slider's knob with the mouse from the middle (0) to ``to`` of its track's width."""
    box = page.locator(f"#slider-{name} input[type=range]").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * to, y, steps=12)
    page.mouse.up()


def changed_share(image: np.ndarray, other: np.ndarray) -> float:
    """The share of pixels that differ visibly (by more than 8 grey levels in a channel)."""
    return float((np.abs(image - other) > 8).any(2).mean())


def download_once(page) -> np.ndarray:
    """One click on the download button, once it is ready: the file it gives."""
    page.wait_for_function("() => !document.querySelector('#download-edit').disabled", timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        page.locator("#download-edit").click()
    return fetch_file(Path(download.value.path()))


def pad_shown(page) -> np.ndarray:
    """What the drawing pad shows (its canvas, as the browser draws it), once it shows a picture: the browser
    may take seconds to draw it again after the tab is opened."""
    for _ in range(60):
        shown = np.asarray(Image.open(io.BytesIO(page.locator("#pad canvas").first.screenshot())).convert("RGB"))
        if shown.std() > 20:
            break
        page.wait_for_timeout(1000)
    return shown.astype(int)


def blond_share(pixels: np.ndarray) -> float:
    """The share of pixels near the pad's first brush colour, #dcb46e (blond)."""
    return float((np.abs(pixels - (0xDC, 0xB4, 0x6E)) < 20).all(2).mean())


def yellowness(pixels: np.ndarray) -> float:
    """The mean of (R + G) / 2 − B: how far the pixels lean to yellow."""
    return float((pixels[:, :2].mean(1) - pixels[:, 2]).mean())


def sketch_done(page) -> None:
    page.wait_for_function("() => document.querySelector('#sketch-result img') && "
                           "!document.querySelector('#sketch-result .progress-text, #sketch-result .eta-bar')",
                           timeout=TIMEOUT)
    page.wait_for_timeout(2000)


def test_owners_path_upload_drag_download_then_sketch(page, portrait):
    original = fetch_file(portrait)
    page.locator("#photo input[type=file]").set_input_files(str(portrait))  # prepared at once, no other click
    page.wait_for_function("() => /\\(pivotal tuning\\) - [0-9.]+%/.test(document.querySelector('#edited')?.innerText)",
                           timeout=TIMEOUT)  # each stage named, with how far it has gone
    page.locator(AFTER).wait_for(timeout=TIMEOUT)
    before = page.locator(AFTER).get_attribute("src")
    messages = page.locator(".toast-body")
    drag_slider(page, "long_hair", 0.95)
    page.wait_for_function(f"b => {AFTER_JS} !== b", arg=before, timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # the release starts the full-size render
    downloaded = download_once(page)  # the first click gives the current edit
    edited = fetch(page.locator(AFTER).get_attribute("src"))
    assert edited.shape == downloaded.shape == original.shape
    assert changed_share(edited, original) > 0.01 and changed_share(downloaded, original) > 0.01
    assert changed_share(downloaded, edited) < 0.2 * changed_share(edited, original)  # the same edit
    page.screenshot(path=str(ARTIFACTS / "attributes.png"))
    before = page.locator(AFTER).get_attribute("src")
    page.get_by_role("button", name="Reset sliders").click()
    page.wait_for_function(f"b => {AFTER_JS} !== b", arg=before, timeout=TIMEOUT)  # the photo at 0 shown, and
    page.wait_for_timeout(1000)  # its full-size render begun (a click before it raced the button's switch-off)
    assert np.array_equal(download_once(page), original)  # sliders at 0: the photo itself, not the last edit
    number, before = page.locator("#slider-long_hair input[type=number]"), page.locator(AFTER).get_attribute("src")
    number.fill("2.7")  # typed, not dragged: the slider is let go only when the download button is pressed ...
    number.press("Enter")
    page.wait_for_function(f"b => {AFTER_JS} !== b", arg=before, timeout=TIMEOUT)
    typed = download_once(page)  # ... and that one press still downloads, once the full-size render is ready
    assert changed_share(typed, original) > 0.01
    assert changed_share(typed, edited) < 0.2 * changed_share(edited, original)
    page.get_by_role("button", name="Reset sliders").click()
    page.wait_for_timeout(1000)
    assert messages.count() == 0  # no error toasts on the way
    divider = page.evaluate(DIVIDER_JS)
    box = page.locator(AFTER).bounding_box()  # the divider dragged far right, hiding most of the edit ...
    start = float(divider.rstrip("%)").split()[-1]) / 100  # "inset(0px 0px 0px 20.5%)": the divider's place
    page.mouse.move(box["x"] + box["width"] * start, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.85, box["y"] + box["height"] / 2, steps=10)
    page.mouse.up()
    assert page.evaluate(DIVIDER_JS) != divider

    page.get_by_role("tab", name="Sketch").click()
    page.locator("#pad canvas").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    unpainted = pad_shown(page)
    assert unpainted.std() > 20  # the photo's face, loaded while the tab was hidden
    for y in (0.2, 0.24, 0.28):  # blond over the top of the head, on the photo's face already on the pad
        drag(page, "#pad", y=y, x0=0.3, x1=0.7)
    page.wait_for_timeout(1000)
    painted = blond_share(pad_shown(page)) - blond_share(unpainted)
    page.get_by_role("tab", name="Attributes").click()
    page.get_by_role("tab", name="Sketch").click()  # back again: the same face, so the pad is not reloaded
    assert painted > 0.02  # the strokes are still there:
    assert blond_share(pad_shown(page)) - blond_share(unpainted) > 0.8 * painted
    assert not page.locator("#pad .wrap").filter(has_text="queue").count()
    page.get_by_role("button", name="Follow my strokes").click()
    sketch_done(page)
    result = fetch(page.locator("#sketch-result img").get_attribute("src"))
    changed = (np.abs(result - original) > 8).any(2)
    assert result.shape == original.shape and changed.mean() > 0.01
    assert yellowness(result[changed]) > yellowness(original[changed]) + 5  # the hair turned blond
    assert not changed[:, :20].any() and not changed[:, -20:].any()
    assert not page.locator("#candidates").is_visible()  # one result: the hair recoloured
    page.screenshot(path=str(ARTIFACTS / "sketch.png"))

    page.get_by_label("Sketch lines (edges)").check()  # lines: the face itself follows them, through G′
    for y in (0.5, 0.55, 0.6):  # lines across the face too, off the hair
        drag(page, "#pad", y=y, x0=0.3, x1=0.7)
    page.locator("#sketch-prior input[type=number]").fill("0.3")  # freer: results that differ, to choose from
    page.locator("#sketch-prior input[type=number]").press("Enter")
    page.get_by_role("button", name="Follow my strokes").click()
    results = page.locator("#candidates .thumbnail-item")
    results.first.wait_for(timeout=TIMEOUT)
    sketch_done(page)
    assert results.count() > 1 and "selected" in results.first.get_attribute("class")  # the one shown
    best = page.locator("#sketch-result img").get_attribute("src")
    results.nth(1).click()  # a click shows that result on the photo ...
    page.wait_for_function("b => document.querySelector('#sketch-result img').src !== b", arg=best, timeout=TIMEOUT)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "sketch-results.png"))
    before = page.locator(AFTER).get_attribute("src")
    page.get_by_role("button", name="Go on editing this photo in the Attributes tab").click()  # ... this uses it
    page.wait_for_function(f"b => {AFTER_JS} !== b", arg=before, timeout=TIMEOUT)
    page.wait_for_timeout(2000)
    chosen, first, used = (fetch(src) for src in (page.locator("#sketch-result img").get_attribute("src"), best,
                                                   page.locator(AFTER).get_attribute("src")))
    assert np.abs(used - chosen).mean() < np.abs(used - first).mean()  # the clicked result is the one used
    page.locator("#edited").wait_for(state="visible", timeout=TIMEOUT)  # the Attributes tab is open again
    assert messages.count() == 0
    page.wait_for_function(f"d => ({DIVIDER_JS})() === d", arg=divider, timeout=TIMEOUT)  # ... is back where it
    page.wait_for_function("() => /sketched lines/.test(document.querySelector('#kept-edits').innerText)",
                           timeout=TIMEOUT)  # started once the result is used; sliders at 0, the kept edit named
    page.locator("#photo input[type=file]").set_input_files(str(portrait))  # a new upload ...
    page.wait_for_function("() => !document.querySelector('#sketch-result img')", timeout=TIMEOUT)
    assert messages.count() == 0  # ... clears the last photo's sketch result, without an error
    page.locator(AFTER).wait_for(timeout=TIMEOUT)
    page.locator("#photo button[aria-label='Remove Image']").click()  # no photo: no face left on the pad
    page.get_by_role("tab", name="Sketch").click()
    page.wait_for_timeout(3000)
    pad = np.asarray(Image.open(io.BytesIO(page.locator("#pad canvas").first.screenshot())).convert("RGB"))
    assert pad.std() < 20


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
