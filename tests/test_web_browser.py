"""The web app in a real headless Chromium: search, click through a story, no script injection.

Uses Debian's ``chromium`` and ``chromium-driver`` (scripts/install-browser.sh). Without
them the tests skip, except under ``CI`` where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsloom.web import create_app
from tests.test_web import EVIL, build_rich_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1600",
)

_MISSING = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
if _MISSING and not os.environ.get("CI"):
    pytest.skip(
        f"{' and '.join(_MISSING)} not installed (run scripts/install-browser.sh); "
        "under CI=true this is a failure",
        allow_module_level=True,
    )

if not os.environ.get("CI"):
    pytest.importorskip("selenium", reason="selenium is not installed")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The rich store served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    if _MISSING:  # only reached under CI
        pytest.fail(f"CI is set but {' and '.join(_MISSING)} is missing")
    built = build_rich_store(tmp_path_factory.mktemp("browser") / "site.db")
    port = _free_port()
    config = uvicorn.Config(
        create_app(str(built["path"])), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the web server did not start within 30 s")
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", **built}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile and no background network."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="newsloom-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def screenshot_on_failure(driver: webdriver.Chrome, name: str) -> Iterator[None]:
    """Save the page as tests/artifacts/NAME.png (and its HTML) when the block fails."""
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
        (ARTIFACTS / f"{name}.html").write_text(driver.page_source, encoding="utf-8")
        raise


def severe_console_messages(driver: webdriver.Chrome) -> list[str]:
    """Console errors (a CSP violation by our own pages would show up here)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def no_alert(driver: webdriver.Chrome) -> bool:
    """Whether no JavaScript dialog is open."""
    try:
        driver.switch_to.alert  # noqa: B018 - the property raises when there is none
    except NoAlertPresentException:
        return True
    return False


def test_search_open_a_story_and_follow_an_entity(
    site: dict[str, Any], browser: webdriver.Chrome
) -> None:
    wait = WebDriverWait(browser, 15)
    story = site["story"]
    with screenshot_on_failure(browser, "search_story_entity"):
        browser.get(site["base"] + "/")
        assert browser.title.startswith("Stories")
        rows = browser.find_elements(By.CSS_SELECTOR, "table.stories tbody tr")
        assert len(rows) >= 3
        assert browser.find_elements(By.CSS_SELECTOR, "svg.spark polyline")

        word = re.findall(r"[A-Za-z]{5,}", story.title or "")[0]
        box = browser.find_element(By.ID, "q")
        box.send_keys(word)
        box.send_keys(Keys.RETURN)
        wait.until(ec.url_contains("q="))
        links = browser.find_elements(By.CSS_SELECTOR, "a.story-link")
        target = next(a for a in links if a.get_attribute("href").endswith(story.event_id))
        target.click()

        wait.until(ec.presence_of_element_located((By.ID, "story-title")))
        assert browser.current_url.endswith(f"/story/{story.event_id}")
        articles = browser.find_elements(By.CSS_SELECTOR, "#articles a.article-link")
        assert len(articles) == len(story.article_ids)
        summary = browser.find_element(By.ID, "summary")
        assert "The leaders met and praised each other." in summary.text
        assert browser.find_element(By.CSS_SELECTOR, "#coverage table.heat").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "#timeline svg.timeline").is_displayed()
        assert browser.find_elements(By.CSS_SELECTOR, "#statements ins")

        browser.find_element(By.CSS_SELECTOR, "#entities a.entity-link").click()
        heading = wait.until(ec.presence_of_element_located((By.ID, "entity-name")))
        assert heading.text == "Test Leader <i>X</i>"  # escaped markup shows as text
        assert severe_console_messages(browser) == []


def test_the_site_script_runs_under_the_csp(
    site: dict[str, Any], browser: webdriver.Chrome
) -> None:
    with screenshot_on_failure(browser, "site_script"):
        browser.get(site["base"] + "/")
        browser.find_element(By.TAG_NAME, "body").send_keys("/")
        assert browser.switch_to.active_element.get_attribute("id") == "q"


def test_hostile_article_renders_as_text_and_runs_nothing(
    site: dict[str, Any], browser: webdriver.Chrome
) -> None:
    evil = site["evil"]
    with screenshot_on_failure(browser, "hostile_article"):
        browser.get(site["base"] + f"/article/{evil['id']}")
        WebDriverWait(browser, 15).until(ec.presence_of_element_located((By.ID, "article-text")))
        assert no_alert(browser)
        text = browser.find_element(By.ID, "article-text").text
        assert "<script>alert(1)</script> was typed into the article" in text
        assert 'Click <a href="javascript:alert(4)">here</a>' in text
        assert browser.find_element(By.ID, "article-title").text == EVIL["title"]
        scripts = browser.execute_script("return Array.from(document.scripts).map(s => s.src)")
        assert scripts == [site["base"] + "/static/app.js"]
        hrefs = browser.execute_script(
            "return Array.from(document.links).map(a => a.getAttribute('href'))"
        )
        assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)
        assert browser.find_elements(By.CSS_SELECTOR, "#article-text img") == []
        # the story list shows the hostile title as text too
        browser.get(site["base"] + "/?q=typed")
        assert no_alert(browser)
        assert EVIL["title"] in browser.find_element(By.ID, "stories").text
