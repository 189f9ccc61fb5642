"""The layout's navigation: the daily work in the bar, what is set up once in a while in the user's menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def bar_and_menu(page):
    """The links of the bar and those of the user's menu, read from the layout's markup."""
    bar, menu = page.split('class="dropdown-menu dropdown-menu-end"', 1)
    return bar, menu.split("</ul>", 1)[0]


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_find_the_library_in_the_bar_and_the_sectors_in_their_menu(request, client_for, role):
    page = client_for(request.getfixturevalue(role)).get(reverse("home")).content.decode()
    bar, menu = bar_and_menu(page)
    assert f'href="{reverse("initiative_list")}"' in bar
    assert f'href="{reverse("sector_list")}"' in menu
    assert f'href="{reverse("sector_list")}"' not in bar


def test_signed_out_visitors_get_no_navigation(client):
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("initiative_list")}"' not in page
    assert f'href="{reverse("sector_list")}"' not in page
