"""Exchange rates carry the day they were read: the old undated form, a day still to come and
an old rate are said at their line; converted payments are labelled on the page and in
totals.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from support import FIXED_NOW, HERO_SVG, campaign_yaml, parse_html, site_yaml, write_site

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, LedgerRow
from pledgekit.ledger.store import LEDGER_FILE, write_ledger
from pledgekit.problems import ContentErrors

CAMPAIGN = "content/campaigns/lamp/campaign.yaml"
LEDGER = "content/campaigns/lamp/ledger.csv"
PAID = datetime(2026, 11, 20, 10, tzinfo=UTC)


def payment(number: int, gross: str, currency: str, fee: str = "0") -> LedgerRow:
    return LedgerRow(
        "stripe", f"ch_{number}", PAID, Kind.PAYMENT, Decimal(gross), currency, fee=Decimal(fee)
    )


ROWS = [
    payment(1, "100.00", "EUR"),
    payment(2, "100.00", "USD"),  # 92.00 EUR at 0.92
    payment(3, "20.00", "USD"),  # 18.40 EUR at 0.92
    payment(4, "50.00", "GBP"),  # no rate: never counted
]


def lamp_site(folder: Path, rates: str, *, rows: list[LedgerRow] | None = None, **fields) -> Path:
    lamp = {
        "campaign.yaml": campaign_yaml(exchange_rates=rates, **fields),
        "hero.svg": HERO_SVG,
        "story.md": "The story.\n",
    }
    source = write_site(folder / "content", site=site_yaml(), campaigns={"lamp": lamp})
    if rows:
        write_ledger(source / "campaigns/lamp" / LEDGER_FILE, rows)
    return source


def problems(folder: Path, rates: str, now: datetime = FIXED_NOW, **fields) -> list[str]:
    source = lamp_site(folder, rates, **fields)
    with pytest.raises(ContentErrors) as caught:
        build(source, None, now)
    return [str(problem) for problem in caught.value.problems]


def warnings(folder: Path, rates: str, now: datetime = FIXED_NOW, **fields) -> list[str]:
    source = lamp_site(folder, rates, **fields)
    return [str(problem) for problem in build(source, None, now).warnings]


@pytest.mark.parametrize(
    ("rates", "rate"),
    [("{USD: 0.92}", "'0.92'"), ("{USD: '0.9237'}", "'0.9237'"), ("{USD: 150}", "'150'")],
)
def test_a_rate_without_its_day_is_an_error_showing_the_new_form(tmp_path, rates, rate):
    written = rate.strip("'")
    assert problems(tmp_path, rates) == [
        f"{CAMPAIGN}:16:23: exchange_rates.USD: must give the rate with the day it was read, "
        f'such as {{rate: "{written}", date: 2026-12-01}} (YYYY-MM-DD, the day you looked the '
        f"rate up), got {rate}"
    ]


def test_a_rate_that_is_not_a_number_is_shown_the_new_form_with_an_example_rate(tmp_path):
    assert problems(tmp_path, "{USD: [1]}") == [
        f"{CAMPAIGN}:16:23: exchange_rates.USD: must give the rate with the day it was read, "
        'such as {rate: "0.92", date: 2026-12-01} (YYYY-MM-DD, the day you looked the rate up), '
        "got '[1]'"
    ]


def test_a_rate_date_that_is_no_day_is_an_error_at_the_date(tmp_path):
    assert problems(tmp_path, "{USD: {rate: 0.92, date: last week}}") == [
        f"{CAMPAIGN}:16:42: exchange_rates.USD.date: must be the day the rate was read, written "
        "YYYY-MM-DD such as 2026-12-01, got 'last week'"
    ]


def test_a_rate_without_a_date_is_missing_its_date(tmp_path):
    assert problems(tmp_path, "{USD: {rate: 0.92}}") == [
        f"{CAMPAIGN}:16:23: exchange_rates.USD.date: required field is missing"
    ]


def test_a_rate_dated_a_day_still_to_come_is_an_error(tmp_path):
    # FIXED_NOW is 26 November at noon in Paris, the site's timezone: the 27th is to come.
    assert problems(tmp_path, "{USD: {rate: 0.92, date: 2026-11-27}}") == [
        f"{CAMPAIGN}:16:42: exchange_rates.USD.date: 2026-11-27 is a day still to come: date a "
        "rate with the day you read it"
    ]


def test_a_rate_read_today_in_the_sites_timezone_is_not_to_come(tmp_path):
    # 23:30 UTC on the 26th is already the 27th in Paris.
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert warnings(tmp_path, "{USD: {rate: 0.92, date: 2026-11-27}}", late) == []


OLD = "{USD: {rate: 0.92, date: 2026-08-27}}"  # 91 days before FIXED_NOW's day
OLD_WARNING = (
    f"{CAMPAIGN}:16:42: warning: exchange_rates.USD.date: this USD rate was read more than 90 "
    "days before this build (2026-08-27): look it up again and write the day you did, so that "
    "payments are converted at a rate of their time"
)


def test_a_rate_read_90_days_ago_is_quiet_and_one_day_more_is_a_warning(tmp_path):
    assert warnings(tmp_path / "a", "{USD: {rate: 0.92, date: 2026-08-28}}") == []
    assert warnings(tmp_path / "b", OLD) == [OLD_WARNING]


def test_an_old_rate_is_an_error_under_strict(tmp_path):
    source = lamp_site(tmp_path, OLD)
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, strict=True)
    assert [str(problem) for problem in caught.value.problems] == [
        OLD_WARNING.replace(" warning:", "")
    ]


def test_a_campaign_over_judges_its_rate_by_its_end(tmp_path):
    """Its figures are final: a rate read near its end stays quiet however late the build;
    one read 90 days before its end is said to be, against the end."""
    long_after = datetime(2028, 1, 1, tzinfo=UTC)
    rates = "{USD: {rate: 0.92, date: 2026-11-20}}"
    assert warnings(tmp_path / "a", rates, long_after) == []
    end = {"end": "2026-11-25T23:59:00+01:00"}
    assert warnings(tmp_path / "b", "{USD: {rate: 0.92, date: 2026-08-20}}", **end) == [
        f"{CAMPAIGN}:16:42: warning: exchange_rates.USD.date: this USD rate was read more than "
        "90 days before the campaign's end (2026-08-20): look it up again and write the day you "
        "did, so that payments are converted at a rate of their time"
    ]


def test_a_kept_page_does_not_keep_a_rate_quiet_once_it_is_old(tmp_path):
    """The build keeps a campaign's pages while nothing they show changes: the day a rate
    grows old ends that, and the next build says so."""
    rates = "{USD: {rate: 0.92, date: 2026-11-20}}"
    source = lamp_site(tmp_path, rates, end="2027-03-31T23:59:00+02:00")
    output = tmp_path / "out"
    assert build(source, output, FIXED_NOW, jobs=1).warnings == []
    later = datetime(2027, 2, 19, 12, tzinfo=UTC)  # 91 days after the 20th of November
    assert [str(problem) for problem in build(source, output, later, jobs=1).warnings] == [
        f"{CAMPAIGN}:16:42: warning: exchange_rates.USD.date: this USD rate was read more than "
        "90 days before this build (2026-11-20): look it up again and write the day you did, "
        "so that payments are converted at a rate of their time"
    ]


@pytest.fixture(scope="module")
def converted_site(tmp_path_factory) -> tuple[Path, list[str]]:
    """One build of a campaign with 120.00 USD at a dated rate and 50.00 GBP without one."""
    folder = tmp_path_factory.mktemp("converted")
    source = lamp_site(folder, "{USD: {rate: '0.92', date: 2026-11-20}}", rows=ROWS)
    result = build(source, folder / "out", FIXED_NOW, jobs=1)
    return folder / "out", [str(problem) for problem in result.warnings]


def test_payments_without_a_rate_stay_uncounted_and_said(converted_site):
    _, found = converted_site
    assert found == [
        f"{LEDGER}:1:1: warning: payments in GBP (50.00) are not counted: the campaign is in EUR "
        "(give a rate under exchange_rates to count them)"
    ]


@pytest.mark.parametrize(
    ("page", "raised", "label"),
    [
        (
            "campaigns/lamp/index.html",
            "€210.40",
            "Includes $120.00 converted at 1 USD = €0.92 (rate of November 20, 2026)",
        ),
        (
            "fr/campaigns/lamp/index.html",
            "210,40\u00a0€",
            "Dont 120,00\u00a0$US convertis à 1 USD = 0,92\u00a0€ (taux du 20 novembre 2026)",
        ),
    ],
)
def test_the_page_labels_the_converted_payments(converted_site, page, raised, label):
    output, _ = converted_site
    html = parse_html(output / page)
    assert html.select_one("[data-live=raised]").text == raised
    labels = html.select(".stats__converted")
    assert [(span["data-currency"], span.text) for span in labels] == [("USD", label)]


def test_totals_json_carries_the_converted_amounts_rate_and_date(converted_site):
    output, _ = converted_site
    data = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (data["raised"], data["backers"]) == ("210.40", 3)
    assert data["converted"] == {
        "USD": {"amount": "120.00", "counted": "110.40", "rate": "0.92", "rate_date": "2026-11-20"}
    }


def test_a_campaign_counting_no_other_currency_has_no_label(tmp_path):
    source = lamp_site(tmp_path, "{USD: {rate: 0.92, date: 2026-11-20}}", rows=ROWS[:1])
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert parse_html(tmp_path / "out/campaigns/lamp/index.html").select(".stats__converted") == []
    data = json.loads((tmp_path / "out/campaigns/lamp/totals.json").read_text())
    assert data["converted"] == {}
