"""Browser test: headless Chromium (Debian's `chromium` and `chromium-driver`,
installed by `make test` through scripts/install-browser.sh) loads the HTML
report of every corpus pair and the history timeline, checks the DOM against
the JSON report, works the noise toggle from the keyboard, and saves
screenshots under target/browser-screenshots/ (not committed).

Without Chromium the test skips with a message, except under CI=true, where
it fails."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = os.environ.get("POLICYDIFF_BIN", str(ROOT / "target" / "debug" / "policydiff"))
PAIRS = sorted(p for p in (ROOT / "corpus" / "pairs").iterdir() if p.is_dir())
SHOTS = ROOT / "target" / "browser-screenshots"
VERDICT_WORDS = {"consent": "Re-consent required", "notice": "Notice required", "none": "No material change"}


def pair_files(pair: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    (old,) = sorted(pair.glob("old.*"))
    (new,) = sorted(pair.glob("new.*"))
    return old, new


def run(*args: str) -> str:
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def unavailable(msg: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{msg} (required under CI=true; scripts/install-browser.sh installs it)")
    pytest.skip(msg)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed (make test installs it into .venv)")
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        unavailable("Debian's chromium and chromium-driver are not installed")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        opts.add_argument(a)
    # The driver is given: Selenium Manager never looks for one on the network.
    d = webdriver.Chrome(options=opts, service=Service(executable_path=driver))
    yield d
    d.quit()


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return tmp_path_factory.mktemp("html")


VISIBLE = "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.checkVisibility())"


def visibility(browser, selector: str) -> list[bool]:  # type: ignore[no-untyped-def]
    """Whether each element matching `selector` is rendered (one round trip)."""
    return list(browser.execute_script(VISIBLE, selector))


def full_page_screenshot(browser, path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(int(height), 600), 6000))
    # Keyboard use above scrolled the page: the picture starts at the top, as a reader's view does.
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(path))
    browser.set_window_size(1280, 1000)


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_diff_report_dom(pair: pathlib.Path, browser, out_dir: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    old, new = pair_files(pair)
    report = json.loads(run("diff", str(old), str(new), "--format", "json"))
    page = out_dir / f"{pair.name}.html"
    page.write_text(run("diff", str(old), str(new), "--format", "html"), encoding="utf-8")
    browser.get(page.as_uri())

    badge = browser.find_element(By.ID, "verdict")
    assert badge.get_attribute("data-action") == report["action"]
    assert badge.text == VERDICT_WORDS[report["action"]]
    assert browser.find_element(By.TAG_NAME, "h1").text == "Privacy policy change report"

    cards = browser.find_elements(By.CSS_SELECTOR, "ol.cards > li.card")
    assert len(cards) == len(report["changes"])
    for card, change in zip(cards, report["changes"]):
        assert card.get_attribute("data-action") == change["action"]
        assert card.get_attribute("data-rule") == change["rule"]
        assert card.find_element(By.TAG_NAME, "h3").text == " ".join(change["summary"].split())
        assert card.find_element(By.CSS_SELECTOR, "dd.dimension").text == change["dimension"]
        assert change["citation"].split()[0] in card.find_element(By.CSS_SELECTOR, "dd.citation").text
        olds = [e.get("quote", "") for e in change["evidence"]["old"]]
        news = [e.get("quote", "") for e in change["evidence"]["new"]]
        differs = olds and news and {" ".join(q.split()) for q in olds} != {" ".join(q.split()) for q in news}
        marks = card.find_elements(By.CSS_SELECTOR, ".ev-old del, .ev-new ins")
        if differs:
            # Quotes from both versions that differ: the changed words are marked, and visible.
            assert marks, f"{change['rule']}: no highlighted words"
            assert all(m.text.strip() for m in marks)
            assert all(visibility(browser, f"#{card.get_attribute('id')} .ev-old del, #{card.get_attribute('id')} .ev-new ins"))
        assert len(card.find_elements(By.CSS_SELECTOR, ".ev-old figure")) == len(olds)
        assert len(card.find_elements(By.CSS_SELECTOR, ".ev-new figure")) == len(news)

    # Noise and unchanged text are hidden until the toggle is used, from the keyboard.
    assert not any(visibility(browser, "#sxs-sections .quiet"))
    toggle = browser.find_element(By.ID, "show-quiet")
    label = browser.find_element(By.CSS_SELECTOR, "label[for=show-quiet]")
    assert label.is_displayed()
    from selenium.webdriver.common.keys import Keys

    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(200):  # Tab until the toggle has focus: it is in the tab order.
        if browser.switch_to.active_element == toggle:
            break
        body.send_keys(Keys.TAB) if _ == 0 else browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == toggle, "the toggle is not reachable with Tab"
    toggle.send_keys(Keys.SPACE)
    assert toggle.is_selected()
    assert all(visibility(browser, "#sxs-sections section.quiet"))
    assert all(visibility(browser, "#sxs-sections tr.quiet"))
    if report["text_diff"]["stats"]["sentences_noise"]:
        assert any(visibility(browser, "tr.noise")), "noise rows are shown on demand"
    toggle.send_keys(Keys.SPACE)
    assert not toggle.is_selected()
    full_page_screenshot(browser, SHOTS / f"diff-{pair.name}.png")


def test_hostile_text_stays_text(browser, out_dir: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    old = out_dir / "hostile-old.md"
    new = out_dir / "hostile-new.md"
    old.write_text("# Data\n\nWe collect your email address.\n", encoding="utf-8")
    new.write_text(
        "# Data <script>window.pwned = 1</script>\n\n"
        "We collect your email address and your location <img src=x onerror=\"window.pwned = 2\">.\n",
        encoding="utf-8",
    )
    page = out_dir / "hostile.html"
    page.write_text(run("diff", str(old), str(new), "--format", "html"), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "body script, body img")
    # Markdown reads the raw HTML as markup (the title is "Data window.pwned = 1");
    # the evidence quotes the source as written, as text.
    assert "<script>" not in browser.title
    assert '<img src=x onerror="window.pwned = 2">' in browser.find_element(By.TAG_NAME, "body").get_attribute("textContent")


def test_history_timeline(browser, out_dir: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    folder = ROOT / "corpus" / "versions" / "quillpost"
    history = json.loads(run("history", str(folder), "--format", "json"))
    page = out_dir / "history.html"
    page.write_text(run("history", str(folder), "--format", "html"), encoding="utf-8")
    browser.get(page.as_uri())
    steps = browser.find_elements(By.CSS_SELECTOR, "ol.timeline > li.step")
    assert [s.get_attribute("data-action") for s in steps] == [s["action"] for s in history["steps"]]
    worst = max((s["action"] for s in history["steps"]), key=["none", "notice", "consent"].index)
    assert browser.find_element(By.ID, "verdict").get_attribute("data-action") == worst
    svg = browser.find_element(By.CSS_SELECTOR, "svg.chart")
    assert svg.is_displayed() and svg.size["width"] > 300
    series = browser.find_elements(By.CSS_SELECTOR, "svg.chart g.series")
    assert [g.get_attribute("data-series") for g in series] == ["data", "purposes", "recipients"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#counts-table tbody tr")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == [v["label"] for v in history["versions"]]
    for g in series:
        assert len(g.find_elements(By.CSS_SELECTOR, "circle, rect, path")) == len(history["versions"])
    full_page_screenshot(browser, SHOTS / "history-quillpost.png")
