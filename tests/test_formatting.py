"""Money, numbers and dates formatted with Babel: exact, per locale, never through floats."""

import posixpath
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

import jinja2
import pytest
from babel.numbers import get_currency_precision
from babel.support import NullTranslations
from hypothesis import given
from hypothesis import strategies as st

from pledgekit.formatting import Formatter
from pledgekit.model.types import KNOWN_CURRENCIES
from pledgekit.plan.campaign import percent_of
from pledgekit.plan.listings import page_window
from pledgekit.plan.window import TimeLeft
from pledgekit.render.environment import quick_gettext
from pledgekit.render.urls import absolute_url, relative_url

english = Formatter("en", "Europe/Paris")


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("en", "1250", "EUR", "€1,250"),
        ("en", "1250.5", "EUR", "€1,250.50"),
        ("fr", "1250.5", "EUR", "1\u202f250,50\xa0€"),
        ("de", "1250", "EUR", "1.250\xa0€"),
        ("en", "1250", "JPY", "¥1,250"),
        ("en", "0.1", "USD", "$0.10"),
        ("es", "1250.5", "EUR", "1.250,50\xa0€"),
        ("ar", "1250.5", "EUR", "\u200f1,250.50\xa0€"),  # CLDR: Latin digits for ar itself
        ("ar-EG", "1250.5", "EUR", "\u200f١٬٢٥٠٫٥٠\xa0€"),  # Arabic-Indic digits in Egypt
        ("fa", "1250", "EUR", "\u200e€\xa0۱٬۲۵۰"),
        ("ja", "1250", "JPY", "￥1,250"),
    ],
)
def test_money_for_each_locale(language, amount, currency, expected):
    assert Formatter(language, "UTC").money(Decimal(amount), currency) == expected


@given(
    st.decimals(min_value=0, max_value=Decimal("1e12"), places=2),
    st.sampled_from(sorted(KNOWN_CURRENCIES)),
)
def test_any_amount_in_any_currency_keeps_its_digits(amount, currency):
    """Whatever the currency's minor units (0 for JPY, 3 for KWD), the digits shown are the
    amount's own, to that precision (currency codes that contain digits aside)."""
    text = english.money(amount, currency, exact=True).replace(currency, "")
    digits = "".join(character for character in text if character.isdigit())
    places = get_currency_precision(currency)
    expected = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    assert digits.lstrip("0") == f"{expected:.{places}f}".replace(".", "").lstrip("0")


@given(
    st.decimals(min_value=0, max_value=Decimal("1e9"), places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2),
)
def test_percent_is_floored_never_rounded_up(raised, goal):
    percent = percent_of(raised, goal)
    assert percent * goal <= raised * 100 < (percent + 1) * goal


def test_datetimes_are_shown_in_the_site_timezone():
    moment = datetime(2026, 11, 8, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert english.datetime(moment) == "November 8, 2026, 9:00\u202fAM (Central European Time)"
    assert english.datetime(moment, "medium") == "Nov 8, 2026, 9:00\u202fAM (Central European Time)"
    assert english.date(moment) == "November 8, 2026"
    assert Formatter("fr", "Europe/Paris").date(moment) == "8 novembre 2026"


def test_time_left_counts_the_largest_whole_unit():
    start = datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo("UTC"))
    end = datetime(2026, 11, 3, 12, 30, tzinfo=ZoneInfo("UTC"))
    assert TimeLeft.between(start, end) == TimeLeft(2, "days")
    assert TimeLeft.between(end - timedelta(hours=23, minutes=59), end) == TimeLeft(23, "hours")
    assert TimeLeft.between(end - timedelta(seconds=119), end) == TimeLeft(1, "minutes")
    assert TimeLeft.between(end, start) == TimeLeft(0, "minutes")


@given(st.integers(min_value=1, max_value=90 * 86400), st.integers(min_value=0, max_value=999_999))
def test_time_left_stays_the_same_within_its_window(seconds: int, microseconds: int):
    end = datetime(2026, 12, 20, 20, 0, tzinfo=ZoneInfo("UTC"))
    now = end - timedelta(seconds=seconds, microseconds=microseconds)
    left = TimeLeft.between(now, end)
    first, last = left.stays_between(end)
    assert first <= now < last
    for moment in (first, last - timedelta(microseconds=1), first + (last - first) / 2):
        assert TimeLeft.between(moment, end) == left


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("", "index.html", "index.html"),
        ("campaigns/lamp/", "index.html", "campaigns/lamp/index.html"),
        ("", "campaigns/lamp/index.html", "../../index.html"),
        (
            "static/style.css",
            "campaigns/lamp/updates/one/index.html",
            "../../../../static/style.css",
        ),
        (
            "campaigns/lamp/#rewards",
            "campaigns/lamp/updates/one/index.html",
            "../../index.html#rewards",
        ),
        ("page/2/", "page/3/index.html", "../2/index.html"),
    ],
)
def test_relative_urls(target, page, expected):
    assert relative_url(target, page) == expected


def test_absolute_urls_keep_the_project_path():
    assert (
        absolute_url("campaigns/lamp/", "https://user.github.io/repo/")
        == "https://user.github.io/repo/campaigns/lamp/"
    )


def test_gettext_in_templates_keeps_jinjas_newstyle_rules():
    """Translated text is markup, variables are escaped, and '%%' is always a format."""
    environment = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_translations(NullTranslations(), newstyle=True)
    environment.globals.update(quick_gettext(NullTranslations()))
    template = environment.from_string(
        '{{ _("Raised by %(who)s", who="<b>") }}|{{ _("100%%") }}|{{ _("100%%") }}|'
        '{{ ngettext("%(num)d day", "%(num)d days", 3) }}|{{ ngettext("%(num)d day", "%(num)d days", 1) }}|'
        "{% trans count=2 %}{{ count }} hour{% pluralize %}{{ count }} hours{% endtrans %}"
    )
    assert template.render() == "Raised by &lt;b&gt;|100%|100%|3 days|1 day|2 hours"


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 834, [1, 2, 3, None, 834]),
        (6, 834, [1, None, 4, 5, 6, 7, 8, None, 834]),
        (4, 834, [1, 2, 3, 4, 5, 6, None, 834]),
        (834, 834, [1, None, 832, 833, 834]),
    ],
)
def test_pagination_links_a_window_of_pages_not_all_of_them(number, count, window):
    assert page_window(number, count) == window


site_paths = st.lists(
    st.sampled_from(["a", "b", "page", "index.html", "s.css"]), min_size=1, max_size=5
)


@given(target=site_paths, page=site_paths)
def test_relative_urls_agree_with_posixpath(target, page):
    target_path, page_path = "/".join(target), "/".join(page)
    expected = posixpath.relpath(target_path, posixpath.dirname(page_path) or ".")
    assert relative_url(target_path, page_path) == expected


@pytest.mark.parametrize(
    ("language", "long_date", "month", "number", "percent"),
    [
        ("en", "November 26, 2026", "May 2027", "1,234,567", "42%"),
        ("fr", "26 novembre 2026", "mai 2027", "1\u202f234\u202f567", "42\xa0%"),
        ("es", "26 de noviembre de 2026", "mayo 2027", "1.234.567", "42\xa0%"),
        ("de", "26. November 2026", "Mai 2027", "1.234.567", "42\xa0%"),
        ("ar", "26 نوفمبر 2026", "مايو 2027", "1,234,567", "42%"),
        ("ar-EG", "٢٦ نوفمبر ٢٠٢٦", "مايو ٢٠٢٧", "١٬٢٣٤٬٥٦٧", "٤٢%"),
    ],
)
def test_dates_and_numbers_for_each_locale(language, long_date, month, number, percent):
    formatter = Formatter(language, "Europe/Paris")
    assert formatter.date(datetime(2026, 11, 26, 12, tzinfo=ZoneInfo("UTC"))) == long_date
    assert formatter.month(datetime(2027, 5, 1).date()) == month
    assert formatter.number(1234567) == number
    assert formatter.percent(42) == percent


def test_counts_in_plural_messages_are_written_for_the_locale():
    """1234 backers is '1,234 backers' in English and '١٬٢٣٤' in Egyptian Arabic, whether the
    message says %(num)s or %(num)d; the plural form is chosen from the number itself."""
    for language, expected in (
        ("en", "1,234 days|1,234 backers|1 day"),
        ("ar-EG", "١٬٢٣٤ days|١٬٢٣٤ backers|١ day"),
    ):
        environment = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
        environment.install_gettext_translations(NullTranslations(), newstyle=True)
        formatter = Formatter(language, "UTC")
        environment.globals.update(quick_gettext(NullTranslations(), formatter.number))
        template = environment.from_string(
            '{{ ngettext("%(num)d day", "%(num)d days", 1234) }}|'
            '{{ ngettext("%(num)s backer", "%(num)s backers", 1234) }}|'
            '{{ ngettext("%(num)d day", "%(num)d days", 1) }}'
        )
        assert template.render() == expected
