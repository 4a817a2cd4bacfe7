"""Time the API page, ``/api/v1/docs``, in headless Chromium against a running server.

Run ``annotator demo`` (or any server with the demo users) first, then:

    .venv/bin/python benchmarks/api_docs_page.py --url http://127.0.0.1:5036 --runs 5

Each run opens a fresh page as the demo admin (logged in once) and reports, in milliseconds
from the navigation's start:

- ``spec``: the OpenAPI document's answer has arrived (the response event);
- ``first tag``: the first group heading is on screen;
- ``first op``: the first operation is on screen. With the groups collapsed
  (``docExpansion: "none"``) it is the time to open the first group after its heading shows,
  added to ``first tag``: what a reader waits for in all;
- ``open op``: clicking one operation (``PUT /documents/{document_id}/labels``) until its
  parameters and example body are shown.

The medians of the runs are printed last. ``--screenshot FILE`` saves the page, as loaded, at
1366 pixels wide.

``--resolver`` times, in one loaded page, Swagger UI's resolver alone on the opened operation,
``--runs`` times each way: as the page calls it (``part``: only what the operation needs),
on the whole document (``whole``), and on the whole document with every ``$ref`` already
resolved (``dereferenced``, what a pre-resolved document served to the page would give).
It needs the page's ``fn.resolveSubtreeInWhole`` (annotator/static/js/api-docs.js).
"""

from __future__ import annotations

import argparse
import statistics
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
#: The operation opened: it has path and query parameters and an example body.
OPENED = ("put", "/documents/{document_id}/labels")
#: How long the page is left alone before an operation is opened.
QUIET_MS = 4000
#: The group it is in, when the page groups operations.
OPENED_TAG = "Labels"


def log_in(page: Any, url: str, user: str) -> None:
    """Sign ``page`` in through the login form as the demo ``user``."""
    page.goto(f"{url}/auth/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", f"demo-{user}-pass")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(lambda address: "/auth/login" not in address)


#: Resolves with the page's clock (ms since navigation) once ``selector`` matches an element
#: drawn on screen, checked on every frame: measured in the page, so the test driver's own
#: round trips (slow on a loaded machine) are not counted.
SHOWN = """selector => new Promise(resolve => {
    const check = () => {
        const hit = document.querySelector(selector);
        if (hit && hit.getClientRects().length) resolve(performance.now());
        else requestAnimationFrame(check);
    };
    check();
})"""
#: Clicks ``click`` and resolves with the milliseconds until ``selector`` is drawn.
CLICK_UNTIL = """([click, selector]) => new Promise(resolve => {
    const start = performance.now();
    document.querySelector(click).click();
    const check = () => {
        const hit = document.querySelector(selector);
        if (hit && hit.getClientRects().length) resolve(performance.now() - start);
        else requestAnimationFrame(check);
    };
    check();
})"""


def one_run(context: Any, url: str, screenshot: str | None) -> dict[str, float]:
    """Load the page once in a new tab and return its timings in milliseconds."""
    page = context.new_page()
    page.goto(f"{url}/api/v1/docs", wait_until="commit")
    first_tag = page.evaluate(SHOWN, ".opblock-tag")
    if screenshot:
        page.screenshot(path=screenshot, full_page=False)
    spec = page.evaluate(
        """() => performance.getEntriesByType("resource")
                 .find(e => e.name.endsWith("/openapi.json")).responseEnd"""
    )
    if page.locator(".opblock").count() == 0:  # groups collapsed: open the first
        first_op = first_tag + page.evaluate(CLICK_UNTIL, [".opblock-tag", ".opblock"])
    else:
        first_op = page.evaluate(SHOWN, ".opblock")
    method, path = OPENED
    at_path = f".opblock-summary-path[data-path='{path}']"
    summary = f".opblock-{method} {at_path}"
    if page.locator(summary).count() == 0:
        # Its group is collapsed: open it first (not timed: the reader chose the group).
        page.locator(f".opblock-tag[data-tag='{OPENED_TAG}']").click()
        page.locator(summary).wait_for(state="visible", timeout=120_000)
    # Let the page finish its start (Swagger UI resolves the security schemes after the first
    # draw) so that the click times the operation alone.
    page.wait_for_timeout(QUIET_MS)
    open_op = page.evaluate(
        CLICK_UNTIL,
        [f".opblock-{method}:has({at_path}) .opblock-summary-control",
         f".opblock-{method}.is-open .body-param__example, "
         f".opblock-{method}.is-open .body-param textarea"],
    )  # fmt: skip
    page.close()
    return {"spec": spec, "first tag": first_tag, "first op": first_op, "open op": open_op}


#: Times ``resolveSubtree`` on the opened operation: as the page calls it, on the whole
#: document, and on the whole document dereferenced; ``runs`` times each, in milliseconds.
RESOLVER = """async ([path, method, runs]) => {
    const ui = window.annotatorApiDocs;
    const spec = ui.specSelectors.specJS();
    const options = {baseDoc: new URL(ui.specSelectors.url(), document.baseURI).href};
    const whole = ui.fn.resolveSubtreeInWhole;
    const dereferenced = (await whole(spec, [], options)).spec;
    delete dereferenced.$$normalized;
    const ways = {part: [ui.fn.resolveSubtree, spec], whole: [whole, spec],
                  dereferenced: [whole, dereferenced]};
    const times = {};
    for (const [name, [resolve, document]] of Object.entries(ways)) {
        times[name] = [];
        for (let run = 0; run < runs; run++) {
            const start = performance.now();
            await resolve(document, ["paths", path, method], options);
            times[name].push(performance.now() - start);
        }
    }
    return times;
}"""


def time_resolver(context: Any, url: str, runs: int) -> None:
    """Print the resolver's times on the opened operation, each way (see ``RESOLVER``)."""
    page = context.new_page()
    page.goto(f"{url}/api/v1/docs")
    page.wait_for_selector(".opblock-tag")
    page.wait_for_timeout(QUIET_MS)
    method, path = OPENED
    times = page.evaluate(RESOLVER, [path, method, runs])
    for name, values in times.items():
        each = ", ".join(f"{value:,.0f}" for value in values)
        print(f"{name}: {each}; median {statistics.median(values):,.0f}")
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:5036")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--screenshot", help="save the first run's page (1366 wide) here")
    parser.add_argument(
        "--resolver", action="store_true", help="time the resolver alone, three ways"
    )
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        log_in(context.new_page(), args.url, args.user)
        if args.resolver:
            time_resolver(context, args.url, args.runs)
            browser.close()
            return
        runs = []
        for index in range(args.runs):
            timings = one_run(context, args.url, args.screenshot if index == 0 else None)
            runs.append(timings)
            print(f"run {index + 1}: " + ", ".join(f"{k} {v:,.0f}" for k, v in timings.items()))
        medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print("median: " + ", ".join(f"{k} {v:,.0f}" for k, v in medians.items()))
        browser.close()


if __name__ == "__main__":
    main()
