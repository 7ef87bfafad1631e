import pytest
from django.urls import reverse, set_script_prefix

from football.core.links import reverse_slug, slug_addresses


@pytest.mark.parametrize(
    ("viewname", "slug", "kwargs"),
    [
        ("careers:manager_detail", "massimiliano-allegri", {}),
        ("careers:club_detail", "juventus", {}),
        ("careers:club_detail", "inter_2", {}),
        (
            "news:story_detail",
            "allegri-set-for-juventus-return",
            {"year": 2021, "month": 5, "day": 27},
        ),
        ("news:story_detail", "other", {"year": 1999, "month": 12, "day": 1}),
    ],
)
def test_the_address_is_the_one_reverse_gives(viewname, slug, kwargs):
    expected = reverse(viewname, kwargs={**kwargs, "slug": slug})
    assert reverse_slug(viewname, slug, **kwargs) == expected
    assert slug_addresses(viewname, **kwargs)(slug) == expected  # the route found once


def test_a_script_prefix_is_kept():
    assert reverse_slug("careers:club_detail", "juventus") == "/clubs/juventus/"
    set_script_prefix("/dugout/")
    try:
        assert reverse_slug("careers:club_detail", "juventus") == "/dugout/clubs/juventus/"
    finally:
        set_script_prefix("/")
    assert reverse_slug("careers:club_detail", "juventus") == "/clubs/juventus/"
