"""First paint of every public page on a slow phone: TTFB, FCP, LCP and bytes.

Run: .venv/bin/python benchmarks/bench_lcp.py
     LCP_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_lcp \
         CACHE_URL=redis://127.0.0.1:6379/1 LCP_RUNS=5 \
         .venv/bin/python benchmarks/bench_lcp.py

Recreates a PostgreSQL database (default coaching_lcp), migrates it, loads the
demo posts and hours, runs collectstatic and serves the site with gunicorn (2
sync workers) on a free loopback port with production settings (DEBUG off,
compressed static files with hashed names); /media/ is served with caching
headers as the deployment's proxy does (benchmarks/lcp_wsgi.py).

Each page is requested once first, so cached pages come from the page cache as
they do for most readers; then Chromium (Playwright, /usr/bin/chromium or
CHROMIUM_PATH) loads it LCP_RUNS times (at least 3), each time in a fresh
browser context (a first visit: nothing in the browser's cache), phone-sized
(390 x 844, device scale 3), with the DevTools protocol's throttling:
- network: slow 4G as Lighthouse defines it, 150 ms round trip, 1.6 Mbit/s
  down, 750 kbit/s up (`Network.emulateNetworkConditions`);
- CPU: 4 times slower (`Emulation.setCPUThrottlingRate`).
It prints the median time to first byte, first contentful paint, largest
contentful paint (the last `largest-contentful-paint` entry before any input)
and the bytes transferred, with the LCP element; it exits 1 when a page's
median LCP is over the budget (LCP_BUDGET_MS, default 1000). Only talks to
127.0.0.1.
"""

import os
import signal
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_http import (  # noqa: E402
    LOAD_DEMO,
    POST_PATH,
    ensure_fresh_database,
    environment,
    get,
    manage,
    serve,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coaching_lcp"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RUNS = max(3, int(os.environ.get("LCP_RUNS", "5")))
BUDGET_MS = float(os.environ.get("LCP_BUDGET_MS", "1000"))
# Lighthouse's slow 4G: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up (bytes/s).
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
CPU_SLOWDOWN = 4
PAGES = [
    "/",
    "/blog/",
    POST_PATH,
    "/blog/series/msmonday/",
    "/blog/tag/autoimmunity/",
    "/about/",
    "/privacy/",
    "/disclaimer/",
    "/book/",
]

# Collects paint entries from the first moment of the page.
OBSERVE = """
window.__lcp = null;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__lcp = entry; }
}).observe({type: "largest-contentful-paint", buffered: true});
"""
READ = """() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const lcp = window.__lcp;
  let element = "";
  if (lcp && lcp.element) {
    const el = lcp.element;
    element = el.tagName.toLowerCase() + (el.className ? "." +
      String(el.className).trim().split(/\\s+/).join(".") : "");
  }
  return {
    fcp: fcp ? fcp.startTime : null,
    lcp: lcp ? lcp.startTime : null,
    element: element,
  };
}"""


def load_once(browser, url: str) -> dict:
    """One cold load of `url` on a throttled phone; its timings and bytes."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    transferred, document = [], {}

    def sent(event):
        if event.get("type") == "Document":
            document.setdefault("sent", event["timestamp"])

    def received(event):
        if event.get("type") == "Document":
            document.setdefault("headers", event["timestamp"])

    # Navigation Timing leaves the emulated latency out of responseStart: the
    # time to first byte is read from the protocol's own events instead.
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.append(event["encodedDataLength"]),
    )
    page.add_init_script(OBSERVE)
    page.goto(url, wait_until="load")
    # LCP is final once the page has painted after load; give it a moment.
    page.wait_for_timeout(1500)
    figures = page.evaluate(READ)
    figures["bytes"] = sum(transferred)
    figures["ttfb"] = (document["headers"] - document["sent"]) * 1000
    context.close()
    return figures


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def measure(browser, port: int) -> list[tuple]:
    rows = []
    for path in PAGES:
        url = f"http://127.0.0.1:{port}{path}"
        status = get(port, path).status  # fills the page cache, as readers do
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        runs = [load_once(browser, url) for _ in range(RUNS)]
        lcps = [run["lcp"] for run in runs]
        rows.append(
            (
                path,
                median(run["ttfb"] for run in runs),
                median(run["fcp"] for run in runs),
                median(lcps),
                (min(lcps), max(lcps)),
                median(run["bytes"] for run in runs),
                runs[-1]["element"],
            )
        )
        print(f"  .. {path}: LCP {median(lcps):.0f} ms", file=sys.stderr)
    return rows


def report(rows: list[tuple]) -> int:
    print(
        f"Slow 4G (150 ms RTT, 1.6 Mbit/s), CPU {CPU_SLOWDOWN}x, 390 px phone, "
        f"cold browser cache; median of {RUNS} loads (LCP min-max)"
    )
    print(
        f"  {'page':<28} {'TTFB ms':>8} {'FCP ms':>8} {'LCP ms':>8} "
        f"{'LCP range':>12} {'bytes':>8}  LCP element"
    )
    over = 0
    for path, ttfb, fcp, lcp, (low, high), size, element in rows:
        flag = "" if lcp <= BUDGET_MS else "  OVER BUDGET"
        over += bool(flag)
        print(
            f"  {path:<28} {ttfb:8.0f} {fcp:8.0f} {lcp:8.0f} "
            f"{f'{low:.0f}-{high:.0f}':>12} {size:8.0f}  {element}{flag}"
        )
    print(f"\nBudget: LCP <= {BUDGET_MS:.0f} ms on every page: ", end="")
    print("met" if not over else f"{over} page(s) over")
    return 1 if over else 0


def _stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # runs `finally`: server stops


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    from playwright.sync_api import sync_playwright

    database_url = os.environ.get("LCP_DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith("postgres"):
        sys.exit("bench_lcp needs PostgreSQL: set LCP_DATABASE_URL=postgres://...")
    cache_url = os.environ.get("CACHE_URL", DEFAULT_CACHE_URL)
    ensure_fresh_database(database_url)
    env = environment(database_url, cache_url)
    env["DJANGO_SETTINGS_MODULE"] = "coaching.settings"
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-v0", "-c", LOAD_DEMO)
    manage(env, "collectstatic", "--noinput", "-v0")
    server, port = serve("benchmarks.lcp_wsgi:application", env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
                headless=True,
            )
            try:
                rows = measure(browser, port)
            finally:
                browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return report(rows)


if __name__ == "__main__":
    sys.exit(main())
