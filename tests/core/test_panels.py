"""core.panels: a block of a higher app on a page of a lower one, without an upward import."""

import pytest
from django.test import RequestFactory

from core import panels

PAGE = "tests.some_page"


@pytest.fixture
def request_():
    return RequestFactory().get("/")


@pytest.fixture(autouse=True)
def clean_page():
    yield
    panels._registry.pop(PAGE, None)


def test_blocks_render_in_registration_order_and_empty_ones_are_left_out(request_):
    @panels.register(PAGE)
    def first(request, record):
        return f"<p>first {record}</p>"

    @panels.register(PAGE)
    def nothing(request, record):
        return None

    @panels.register(PAGE)
    def second(request, record):
        return "<p>second</p>"

    blocks = panels.render(PAGE, request_, "R")

    assert blocks == ["<p>first R</p>", "<p>second</p>"]
    # Rendered HTML, shown as it is by `{{ panel }}`.
    assert all(hasattr(block, "__html__") for block in blocks)


def test_a_block_registered_twice_shows_once_and_can_be_taken_off(request_):
    def block(request, record):
        return "<p>once</p>"

    panels.register(PAGE)(block)
    panels.register(PAGE)(block)
    assert panels.render(PAGE, request_, None) == ["<p>once</p>"]

    panels.unregister(PAGE, block)
    assert panels.render(PAGE, request_, None) == []


def test_a_page_without_blocks_renders_none(request_):
    assert panels.render("tests.no_such_page", request_, None) == []


def test_projects_registers_its_suggestions_on_the_need_and_opportunity_pages():
    from projects.views.initiative_suggestions import need_suggestions, opportunity_suggestions

    assert need_suggestions in panels._registry["territories.need_detail"]
    assert opportunity_suggestions in panels._registry["territories.opportunity_detail"]
