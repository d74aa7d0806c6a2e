"""The HTML story map in a real headless Chromium: it loads offline, search highlights the node that matches,
the zoom buttons zoom, and a click shows the decision's own text and options."""

from __future__ import annotations

from pathlib import Path

from game import catalog, paths
from game.authoring.graph_html import render
from tests.e2e.class_driver import launch


def test_search_highlights_a_node_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    target = plan.decisions["sut_sunday"]
    page_file = tmp_path / "map.html"
    page_file.write_text(render(plan), encoding="utf-8")

    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        requests: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_selector("#n-d_sut_sunday")
        assert page.locator(".node.match").count() == 0

        page.fill("#search", target.model.title.get("en").lower())
        node = page.locator("#n-d_sut_sunday")
        assert "match" in (node.get_attribute("class") or "")
        assert "current" in (node.get_attribute("class") or "")
        assert page.locator(".node.match").count() == 1
        assert "dim" in (page.locator("#n-d_sut_case").get_attribute("class") or "")
        assert page.inner_text("#found") == "1 of 1"
        box = node.bounding_box()
        assert box is not None and 0 <= box["x"] <= 1280 and 48 <= box["y"] <= 800  # scrolled into view
        page.screenshot(path=str(tmp_path / "search.png"))

        before = float(page.get_attribute("#view", "data-scale") or 0)
        page.click("#zoom-in")
        assert float(page.get_attribute("#view", "data-scale") or 0) > before

        node.click()
        assert page.is_visible("#details")
        assert page.inner_text("#d-title") == target.model.title.get("en")
        assert target.options[0].model.text.get("en") in page.inner_text("#d-options")

        page.fill("#search", "")
        assert page.locator(".node.dim").count() == 0
        browser.close()

    assert errors == []
    assert requests == [page_file.as_uri()], "the map loaded something besides itself"
    assert (tmp_path / "search.png").stat().st_size > 10_000
