"""The dashboard in a real browser: Debian's chromium, headless, driven by Selenium through the
system chromium-driver, against the real two-worker service holding the generated population.

Log in, the charts load (with suppressed figures drawn as such), the rule is on the page; a
screenshot is saved, and written to ``docs/screenshots/dashboard.png`` when
``SCREENING_UPDATE_SCREENSHOTS=1``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.server.reporting import auth, builder
from sync.server.reporting.pseudonym import load_or_create
from tests.sync.conftest import Central, _start_central
from tests.sync.reporting.population import generate, store

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOT = ROOT / "docs" / "screenshots" / "dashboard.png"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PASSPHRASE = "a long enough passphrase"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver (.ci/setup installs them)",
)


PEOPLE = 4000
"""About 6,200 screenings: a population the size of a small area's year."""


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    folder = tmp_path_factory.mktemp("dashboard")
    service = _start_central("sqlite", f"sqlite:///{folder / 'central.sqlite3'}", folder)
    running = next(service)
    store(running.engine, generate(PEOPLE, seed=2024))
    builder.rebuild(running.engine, load_or_create(running.keys_dir))
    auth.add_user(running.engine, username="dana.analyst", role="analyst", passphrase=PASSPHRASE)
    yield running
    next(service, None)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(180)
    try:
        yield driver
    finally:
        driver.quit()


def test_an_analyst_logs_in_and_the_charts_load(central: Central, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(f"{central.base_url}/reports/dashboard")
    assert driver.current_url.endswith("/reports/login")
    driver.find_element(By.ID, "username").send_keys("dana.analyst")
    driver.find_element(By.ID, "passphrase").send_keys("not it")
    driver.find_element(By.ID, "login").click()
    # The answer comes once the centre has checked the passphrase (Argon2id, production
    # parameters: a while on a busy machine), so wait for it rather than look at once.
    wait = WebDriverWait(driver, 180)
    wait.until(lambda d: any("not right" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".error")))
    driver.get_log("browser")  # drain: the refused login's 401 is meant
    driver.find_element(By.ID, "username").send_keys("dana.analyst")
    driver.find_element(By.ID, "passphrase").send_keys(PASSPHRASE)
    driver.find_element(By.ID, "login").click()

    wait.until(expected_conditions.url_contains("/reports/dashboard"))
    charts = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg.chart"))
    assert len(charts) == 4
    by_agency = "//section[h2[contains(., 'by ethnic group and agency type')]]"
    agency_chart = driver.find_element(By.XPATH, by_agency)
    assert "Liaison & Diversion" in agency_chart.text and "Police" in agency_chart.text
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) > 10
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart polyline.line")) >= 3
    assert driver.find_elements(By.CSS_SELECTOR, "svg.chart .suppressed")
    for chart in charts:
        box = chart.rect
        assert box["width"] > 600 and box["height"] > 250  # drawn, at size
    assert "Disclosure control" in driver.find_element(By.ID, "rule").text
    assert "Agency type is the detail under stage" in driver.find_element(By.ID, "rule").text
    assert "suppressed" in driver.find_element(By.CSS_SELECTOR, "table.wide").text
    # No console errors (nothing blocked by the Content-Security-Policy, nothing missing).
    problems = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not problems, problems

    # Another flag, through the page's own form.
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "flag")).select_by_value("SELF_HARM_RISK")
    driver.find_element(By.CSS_SELECTOR, ".picker button").click()
    wait.until(expected_conditions.url_contains("flag=SELF_HARM_RISK"))
    assert "Current risk of self-harm" in driver.page_source or "Self harm risk" in driver.page_source

    Select(driver.find_element(By.ID, "flag")).select_by_value("REFER_LIAISON_DIVERSION")
    driver.find_element(By.CSS_SELECTOR, ".picker button").click()
    wait.until(expected_conditions.url_contains("flag=REFER_LIAISON_DIVERSION"))
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, int(height) + 20)
    shot = tmp_path / "dashboard.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 50_000
    import os

    if os.environ.get("SCREENING_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
