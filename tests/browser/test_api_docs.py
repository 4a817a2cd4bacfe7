"""The API page: Swagger UI served by us under the pages' CSP, trying operations as the user."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extras import need

need("requests")

pytestmark = pytest.mark.server
TEXT = "Officials said the border was closed."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "d1.txt"))


def _operation(page: Any, tag: str, method: str, path: str, try_out: bool = True) -> Any:
    """Open ``method path`` in its group ``tag`` (the groups start closed), ready to try."""
    page.locator(f".opblock-tag[data-tag='{tag}']").click()
    block = page.locator(f".opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]')
    )
    block.locator(".opblock-summary").first.click()
    if try_out:
        block.locator(".try-out__btn").click()
    return block


def test_the_api_page_lists_operations_and_tries_a_write_as_the_user(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    # A write with the login session: the page adds the CSRF token itself.
    block = _operation(page, "Documents", "put", "/documents/{document_id}/note")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/projects/{slug}/documents" in path for path in paths), paths
    block.locator('tr[data-param-name="document_id"] input').fill(str(world.doc.id))
    block.locator("textarea.body-param__text").fill(
        '{"note": "tried from the docs", "unsure": true}'
    )
    block.locator(".btn.execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=10_000)
    assert status.inner_text().strip() == "200", block.inner_text()
    notes = api_as(world.tokens["alice"]).get(f"/documents/{world.doc.id}/notes")["notes"]
    assert [(n["note"], n["unsure"]) for n in notes] == [("tried from the docs", True)]


def test_the_page_loads_nothing_from_another_origin(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    assert requested and all(url.startswith(tab.server.url) for url in requested), requested
    assert page.locator("a[href='/api/v1/docs']").count() == 1  # linked from every page


def test_the_api_page_asks_for_a_login(server: Any) -> None:
    import requests

    answer = requests.get(f"{server.url}/api/v1/docs", allow_redirects=False, timeout=20)
    assert answer.status_code == 302 and "/auth/login" in answer.headers["Location"]


def test_the_curl_of_a_tried_operation_is_readable_on_its_dark_box(
    world: Any, open_tab: Any
) -> None:
    """The pages' own inline-code wash must not reach Swagger UI's code blocks: there the
    white words of the curl line ("curl -X", "-H", "-d") stood on it, invisible."""
    tab = open_tab("alice")
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    block = _operation(page, "Documents", "get", "/documents/{document_id}/notes")
    block.locator('tr[data-param-name="document_id"] input').fill(str(world.doc.id))
    block.locator(".btn.execute").click()
    code = block.locator(".curl-command pre code").first
    code.wait_for(timeout=10_000)
    colours = code.evaluate(
        """code => [getComputedStyle(code).backgroundColor,
                    getComputedStyle(code.parentElement).backgroundColor,
                    getComputedStyle(code.querySelector('span')).color]"""
    )
    own, box, words = colours
    assert own == "rgba(0, 0, 0, 0)", colours  # the dark box shows through
    assert box != "rgba(0, 0, 0, 0)" and words == "rgb(255, 255, 255)", colours


def test_the_page_shows_closed_groups_a_filter_and_examples_that_make_sense(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """69 operations in one open "default" list took seconds to draw and were hard to scan:
    the groups of the description start closed, in its order, with a filter box; an example
    body says sentence 0, not an integer's extreme."""
    tab = open_tab("alice")
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    declared = [tag["name"] for tag in api_as(world.tokens["alice"]).get("/openapi.json")["tags"]]
    shown = page.locator(".opblock-tag").evaluate_all("tags => tags.map(t => t.dataset.tag)")
    assert shown == declared and page.locator(".opblock").count() == 0
    assert page.locator("input.operation-filter-input").count() == 1
    block = _operation(page, "Labels", "put", "/documents/{document_id}/labels", try_out=False)
    example = block.locator(".body-param__example").first
    example.wait_for(timeout=20_000)
    assert '"sentence": 0' in example.inner_text(), example.inner_text()


def test_an_opened_operation_shows_its_parameters_and_what_its_answers_hold(
    world: Any, open_tab: Any
) -> None:
    """Opening an operation resolves its ``$ref``s, those of the schemas they name included
    (a layer's spans are a ``Span``), and draws its parameters and answers."""
    tab = open_tab("alice")
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    path = "/documents/{document_id}/annotations"
    block = _operation(page, "Documents", "get", path, try_out=False)
    example = block.locator(".responses-table .response[data-code='200'] .microlight").first
    example.wait_for(timeout=20_000)
    names = block.locator(".parameters tr[data-param-name]").evaluate_all(
        "rows => rows.map(row => row.dataset.paramName)"
    )
    assert names == ["document_id", "annotator", "layer"], names
    codes = block.locator(".responses-table > tbody > tr.response").evaluate_all(
        "rows => rows.map(row => row.dataset.code)"
    )
    assert codes[0] == "200" and {"400", "401", "404"} <= set(codes), codes
    answer = example.inner_text()
    for field in ('"spans"', '"label"', '"relations"', '"sentence"'):  # Layer, Span, Relation
        assert field in answer, answer
    assert block.locator(".errors-wrapper").count() == 0


def test_each_operation_resolves_as_it_does_in_the_whole_document(
    world: Any, open_tab: Any
) -> None:
    """The page hands Swagger UI's resolver only what an operation needs; what comes back
    is what the whole document gives, for every operation."""
    tab = open_tab("alice")
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    differing = page.evaluate(
        """async () => {
            const ui = window.annotatorApiDocs;
            const spec = ui.specSelectors.specJS();
            const options = {baseDoc: new URL(ui.specSelectors.url(), document.baseURI).href};
            const whole = await ui.fn.resolveSubtreeInWhole(spec, [], options);
            const differing = [];
            for (const [path, item] of Object.entries(spec.paths)) {
                for (const method of Object.keys(item)) {
                    const one = await ui.fn.resolveSubtree(spec, ["paths", path, method], options);
                    const expected = JSON.stringify(whole.spec.paths[path][method]);
                    if (JSON.stringify(one.spec) !== expected || one.errors.length) {
                        differing.push(`${method} ${path}`);
                    }
                }
            }
            const schemes = await ui.fn.resolveSubtree(spec, ["components", "securitySchemes"],
                                                       options);
            if (JSON.stringify(schemes.spec) !== JSON.stringify(
                    whole.spec.components.securitySchemes)) differing.push("securitySchemes");
            return [whole.errors.length, Object.keys(spec.paths).length, differing];
        }"""
    )
    errors, paths, wrong = differing
    assert errors == 0 and paths > 50 and wrong == [], differing
