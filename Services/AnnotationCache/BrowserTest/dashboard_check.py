"""Loads the dashboard in headless Chromium and checks what a person would see.

Driven by CacheBrowserTests (Tests/AnnotationCacheTests), which starts the cache with
annotations where the newest windows are missing. Protocol on stdout/stdin:
  prints WAITING once tiles, charts and the waiting windows show, then reads a line;
  the test stores the missing windows and publishes sluice.analysis.completed;
  prints DONE once the same page (no reload) shows the data, then reads a line; the test
  publishes sluice.alert.raised; prints ALERT once the alert is listed. Any failure exits non-zero.
Usage: dashboard_check.py <dashboard URL> <screenshot directory>
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

url, shots = sys.argv[1], sys.argv[2]
browser = Browser(chromium=os.environ.get("SLUICE_CHROMIUM", "chromium"))
try:
    browser.goto(url)
    browser.wait_for("document.querySelectorAll('.tile').length === 5", what="five stage tiles")
    stages = browser.evaluate("[...document.querySelectorAll('.tile')].map(t => t.dataset.stage + '=' + t.className)")
    assert stages[0].startswith("producers") and stages[4].startswith("cache"), stages
    assert "bad" in stages[1], f"ingest is not running, its tile must be red: {stages}"
    browser.wait_for("document.querySelectorAll('.chart circle.point').length > 0", what="a chart with data")
    browser.wait_for("document.querySelectorAll('.chart rect.waiting').length > 0", what="waiting windows")
    state = browser.evaluate("document.querySelector('.analysis .state').textContent")
    assert "waiting for analysis" in state, state
    browser.wait_for("document.getElementById('live').textContent === 'live'", what="the live stream")
    # Hostile text in a document is shown as text, never run or parsed as HTML.
    assert browser.evaluate("document.querySelectorAll('img, iframe').length") == 0
    assert browser.evaluate("document.querySelector('.analysis select[aria-label=group]').textContent.includes('<img')")
    browser.evaluate("window.__sameDocument = 'yes'")
    browser.screenshot(os.path.join(shots, "dashboard-waiting.png"))
    print("WAITING", flush=True)
    sys.stdin.readline()
    browser.wait_for("document.querySelectorAll('.chart rect.waiting').length === 0", what="the waiting windows to fill in")
    state = browser.evaluate("document.querySelector('.analysis .state').textContent")
    assert "complete" in state and "waiting" not in state, state
    assert browser.evaluate("window.__sameDocument") == "yes", "the page was reloaded"
    browser.screenshot(os.path.join(shots, "dashboard-complete.png"))
    print("DONE", flush=True)
    sys.stdin.readline()
    browser.wait_for("document.getElementById('alerts').textContent.includes('critical: null_rate')", what="the alert")
    print("ALERT", flush=True)
except Exception as error:  # report, then fail
    print(f"FAILED {error}", flush=True)
    sys.exit(1)
finally:
    browser.close()
