"""Monthly giving (issue 21): the monthly figure ("€420 a month from 38 donors") counted from
the ledger at the build's moment, the campaign's monthly goal and its second bar, totals.json's
`monthly`, a campaign with only a monthly goal, the generic CSV's `recurring` column and
Stripe subscriptions' invoices read by `ledger sync`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result
from stripe_standin import StripeStandIn
from support import (
    FIXED_NOW,
    HERO_SVG,
    campaign_yaml,
    invoke,
    parse_html,
    site_yaml,
    write_site,
)
from sync_support import (
    STRIPE_KEY,
    friend_tier,
    ledger_rows,
    one_campaign_site,
    stripe_environment,
    sync,
)

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status
from pledgekit.ledger.store import ledger_text
from pledgekit.ledger.totals import MONTHLY_WINDOW, MonthlyGiving, ledger_totals, monthly_giving

NOW = FIXED_NOW.astimezone(UTC)  # 2026-11-26 11:00 UTC


def gift(
    transaction_id: str,
    days_ago: float,
    amount: str,
    donor: str = "",
    **fields: object,
) -> LedgerRow:
    """A paid monthly gift dated `days_ago` before the build."""
    values: dict = {
        "processor": "stripe",
        "transaction_id": transaction_id,
        "date": NOW - timedelta(days=days_ago),
        "kind": Kind.PAYMENT,
        "gross": Decimal(amount),
        "currency": "EUR",
        "backer_ref": donor,
        "recurring": Recurring.MONTHLY,
    }
    return LedgerRow(**(values | fields))


# Ana gives 10 a month (her last two months, the latest counts once, at its new amount: 15);
# Ben's latest month is 20 of which 5 were refunded; Cleo's October gift was refunded in full,
# so her latest that counts is September's, 36 days before the October one: she drops out;
# Dan's gift is 36 days old (stopped); Eve gives once (not monthly); Fay gives in USD at a rate.
LEDGER = [
    gift("ch_ana_1", 33, "10.00", "ana"),
    gift("ch_ana_2", 3, "15.00", "ana"),
    gift("ch_ben_1", 10, "20.00", "ben", refunded=Decimal("5.00")),
    gift("ch_cleo_1", 40, "30.00", "cleo"),
    gift("ch_cleo_2", 4, "30.00", "cleo", refunded=Decimal("30.00")),
    gift("ch_dan_1", 36, "50.00", "dan"),
    gift("ch_eve_1", 2, "100.00", "eve", recurring=Recurring.ONCE),
    gift("ch_fay_1", 1, "10.00", "", currency="USD"),  # no backer_ref: the payment is the donor
    LedgerRow(
        "liberapay",
        "total:monthly:lamps",
        NOW - timedelta(days=60),
        Kind.TOTAL,
        Decimal("42.50"),
        "EUR",
        recurring=Recurring.MONTHLY,
        supporters=7,
    ),
]
RATES = {"USD": Decimal("0.90")}


def test_the_monthly_figure_counts_each_donors_latest_gift_within_35_days():
    monthly = monthly_giving(LEDGER, "EUR", RATES, NOW)
    # ana 15 + ben 15 + fay 9.00 + Liberapay's 42.50 a month; cleo and dan have stopped
    assert monthly.amount == Decimal("81.50")
    assert monthly.donors == 3 + 7
    assert timedelta(days=35) == MONTHLY_WINDOW


def test_a_gift_drops_out_35_days_after_it_was_made():
    made = gift("ch_1", 0, "10.00", "ana")
    assert monthly_giving([made], "EUR", None, made.date + timedelta(days=34, hours=23)) == (
        MonthlyGiving(Decimal("10.00"), 1, (made.date, made.date + MONTHLY_WINDOW))
    )
    gone = monthly_giving([made], "EUR", None, made.date + MONTHLY_WINDOW)
    assert (gone.amount, gone.donors) == (Decimal(0), 0)


def test_monthly_gifts_that_name_no_donor_never_count_twice():
    """Two months of one donor that the rows cannot tell apart (no backer_ref): each counts for
    28 days, so the two never count at once (a review found 20.00 from 2 donors here)."""
    months = [gift("m1", 31, "10.00"), gift("m2", 1, "10.00")]
    assert monthly_giving(months, "EUR", None, NOW) == MonthlyGiving(
        Decimal("10.00"), 1, monthly_giving(months, "EUR", None, NOW).moments
    )
    # A gift of a named donor still counts for 35 days.
    assert monthly_giving([gift("m3", 31, "10.00", "ana")], "EUR", None, NOW).donors == 1
    assert monthly_giving([gift("m4", 29, "10.00")], "EUR", None, NOW).donors == 0


def test_pending_payments_are_converted_and_lose_their_refund_rows():
    rows = [
        gift("p_usd", 1, "100.00", "x", currency="USD", status=Status.PENDING),
        gift("p_eur", 1, "40.00", "y", status=Status.PENDING),
        LedgerRow("stripe", "r_1", NOW, Kind.REFUND, Decimal("-15.00"), "EUR", refers_to="p_eur"),
        gift("p_gbp", 1, "10.00", "z", currency="GBP", status=Status.PENDING),  # no rate
    ]
    totals = ledger_totals(rows, "EUR", {"USD": Decimal("0.90")})
    assert (totals.pending, totals.pending_payments) == (Decimal("115.00"), 2)


def test_a_gift_dated_after_the_build_is_not_counted_yet():
    later = gift("ch_1", -1, "10.00", "ana")
    assert monthly_giving([later], "EUR", None, NOW).amount == 0


def test_a_gift_in_a_currency_without_a_rate_is_left_out():
    monthly = monthly_giving(LEDGER, "EUR", None, NOW)
    assert (monthly.amount, monthly.donors) == (Decimal("72.50"), 2 + 7)


def test_pending_and_failed_monthly_gifts_do_not_count():
    rows = [
        gift("ch_1", 2, "10.00", "ana", status=Status.PENDING),
        gift("ch_2", 2, "10.00", "ben", status=Status.FAILED),
    ]
    assert monthly_giving(rows, "EUR", None, NOW).donors == 0


def test_monthly_gifts_also_count_in_raised_which_is_all_money_received():
    totals = ledger_totals(LEDGER, "EUR", RATES, NOW)
    # Every payment kept after refunds: 10 + 15 + 15 + 30 + 50 + 100 + 9.00, and Liberapay's
    # monthly figure is no money received.
    assert totals.raised == Decimal("229.00")
    assert totals.monthly == monthly_giving(LEDGER, "EUR", RATES, NOW)
    assert ledger_totals(LEDGER, "EUR", RATES).monthly is None


# The page ---------------------------------------------------------------------------------

ENGLISH_AND_ARABIC = site_yaml(languages="[ar]")


def site_with(tmp_path: Path, ledger: list[LedgerRow] | None, **fields: object) -> Path:
    files: dict[str, str | bytes] = {
        "campaign.yaml": campaign_yaml(**fields),
        "story.md": "A story.\n",
        "hero.svg": HERO_SVG,
    }
    if ledger is not None:
        files["ledger.csv"] = ledger_text(ledger)
    return write_site(tmp_path / "site", site=ENGLISH_AND_ARABIC, campaigns={"lamp": files})


def built(tmp_path: Path, ledger: list[LedgerRow] | None, **fields: object) -> Path:
    output = tmp_path / "output"
    build(site_with(tmp_path, ledger, **fields), output, FIXED_NOW)
    return output


def text(element) -> str:
    return " ".join(element.text.split())


# The ledger of the page tests: in EUR only (no rate needed), the Liberapay figure beside.
PAGE_LEDGER = [row for row in LEDGER if row.currency == "EUR"]


@pytest.fixture(scope="module")
def both_goals(tmp_path_factory) -> Path:
    """A campaign with a one-time goal and a monthly goal of 100 a month (72.50 given)."""
    return built(tmp_path_factory.mktemp("both"), PAGE_LEDGER, monthly_goal=100, totals=None)


def test_the_second_bar_says_the_monthly_figure_against_the_monthly_goal(both_goals):
    page = parse_html(both_goals / "campaigns/lamp/index.html")
    first, monthly = page.select(".stats [role=progressbar]")
    assert "progress--monthly" not in first["class"]
    assert first["aria-label"] == "Funding progress"
    assert first["aria-valuetext"] == "1% of the goal"  # 220 of 20,000
    assert monthly["class"] == ["progress", "progress--monthly"]
    assert (monthly["aria-valuemin"], monthly["aria-valuemax"]) == ("0", "100")
    assert monthly["aria-valuenow"] == "72"
    assert monthly["aria-label"] == "Monthly giving progress"
    assert monthly["aria-valuetext"] == "72% of the monthly goal"
    assert monthly.select_one(".progress__bar")["class"] == ["progress__bar", "progress__bar--72"]
    assert text(page.select_one(".monthly__figure")) == "€72.50 a month of €100"
    assert text(page.select_one(".monthly__donors")) == "9 donors give monthly"
    assert text(page.select_one(".stats__item--raised dd strong")) == "€220"


def test_the_second_bar_in_arabic(both_goals):
    page = parse_html(both_goals / "ar/campaigns/lamp/index.html")
    monthly = page.select_one(".progress--monthly")
    assert monthly["aria-label"] == "تقدّم التبرعات الشهرية"
    assert monthly["aria-valuetext"] == "72% من الهدف الشهري"
    # The amounts as Arabic writes them: a right-to-left mark, then the sign after the number.
    assert text(page.select_one(".monthly__figure")) == "\u200f72.50 € شهريًا من \u200f100 €"
    assert text(page.select_one(".monthly__donors")) == "9 متبرعين يتبرعون شهريًا"


PLURAL_SAMPLES = (0, 1, 2, 3, 11, 100)  # a number of each Arabic plural form


@pytest.fixture(scope="module")
def donor_counts(tmp_path_factory) -> Path:
    """One campaign per sample count, each with a processor's monthly figure of that many."""
    campaigns = {}
    for count in PLURAL_SAMPLES:
        total = LedgerRow(
            "liberapay",
            "total:monthly:lamps",
            NOW,
            Kind.TOTAL,
            Decimal("5.00"),
            "EUR",
            recurring=Recurring.MONTHLY,
            supporters=count,
        )
        campaigns[f"lamp-{count}"] = {
            "campaign.yaml": campaign_yaml(monthly_goal=100, totals=None),
            "story.md": "A story.\n",
            "hero.svg": HERO_SVG,
            "ledger.csv": ledger_text([total]),
        }
    folder = tmp_path_factory.mktemp("donors")
    build(
        write_site(folder / "site", site=ENGLISH_AND_ARABIC, campaigns=campaigns),
        folder / "out",
        FIXED_NOW,
    )
    return folder / "out"


@pytest.mark.parametrize(
    ("donors", "english", "arabic"),
    [
        (0, "0 donors give monthly", "لا أحد يتبرع شهريًا"),
        (1, "1 donor gives monthly", "متبرع واحد يتبرع شهريًا"),
        (2, "2 donors give monthly", "متبرعان يتبرعان شهريًا"),
        (3, "3 donors give monthly", "3 متبرعين يتبرعون شهريًا"),
        (11, "11 donors give monthly", "11 متبرعًا يتبرعون شهريًا"),
        (100, "100 donors give monthly", "100 متبرع يتبرعون شهريًا"),
    ],
)
def test_the_donors_are_counted_in_each_plural_form(donor_counts, donors, english, arabic):
    english_page = parse_html(donor_counts / f"campaigns/lamp-{donors}/index.html")
    arabic_page = parse_html(donor_counts / f"ar/campaigns/lamp-{donors}/index.html")
    assert text(english_page.select_one(".monthly__donors")) == english
    assert text(arabic_page.select_one(".monthly__donors")) == arabic


def test_totals_json_says_the_monthly_figure(both_goals):
    totals = json.loads((both_goals / "campaigns/lamp/totals.json").read_text())
    assert totals["monthly"] == {"amount": "72.50", "goal": "100", "donors": 9}
    assert (totals["raised"], totals["goal"]) == ("220.00", "20000")


def test_a_campaign_without_monthly_giving_shows_no_second_bar(tmp_path):
    output = built(tmp_path, None)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one(".monthly") is None
    assert len(page.select("[role=progressbar]")) == 1
    assert json.loads((output / "campaigns/lamp/totals.json").read_text())["monthly"] is None


@pytest.fixture(scope="module")
def only_monthly(tmp_path_factory) -> Path:
    """A campaign with only a monthly goal (no `goal`, no `funding`): flexible."""
    folder = tmp_path_factory.mktemp("only")
    return built(folder, PAGE_LEDGER, goal=None, funding=None, monthly_goal=60, totals=None)


def test_a_campaign_with_only_a_monthly_goal_shows_only_the_monthly_bar(only_monthly):
    page = parse_html(only_monthly / "campaigns/lamp/index.html")
    [bar] = page.select("main [role=progressbar]")
    assert bar["class"] == ["progress", "progress--monthly"]
    assert bar["aria-valuetext"] == "120% of the monthly goal"
    assert bar["aria-valuenow"] == "100"
    stats = page.select_one(".stats")
    assert stats.select_one(".monthly") is stats.find("div")  # first, before the figures
    assert text(page.select_one(".stats__item--raised dd")) == "€220"  # no "of … goal"
    assert page.select_one("[data-live=percent]") is None
    # Reached: 72.50 a month of 60 is "funded", and the funding is flexible.
    assert text(page.select_one(".badge")) == "Funded"
    note = page.select_one(".funding-note")
    assert text(note) == (
        "Goal reached. Pledges stay open until December 31, 2026, 11:59 PM (Central European "
        "Time), and the campaign keeps every pledge."
    )
    card = parse_html(only_monthly / "index.html").select_one(".card__figures")
    assert text(card).startswith("€72.50 a month of €60 · 120% funded")
    totals = json.loads((only_monthly / "campaigns/lamp/totals.json").read_text())
    assert (totals["goal"], totals["percent"], totals["state"]) == (None, 120, "funded")
    assert totals["monthly"] == {"amount": "72.50", "goal": "60", "donors": 9}


def test_the_page_is_built_again_when_a_monthly_gift_grows_too_old(tmp_path):
    output = built(tmp_path, PAGE_LEDGER, monthly_goal=100, totals=None)
    page = output / "campaigns/lamp/index.html"
    assert text(parse_html(page).select_one(".monthly__figure")) == "€72.50 a month of €100"
    # Ben's latest gift was made 10 days before the build, Ana's 3: 26 days later he has
    # dropped out, she has not; the incremental build into the same folder must not keep
    # the page.
    build(tmp_path / "site", output, FIXED_NOW + timedelta(days=26))
    assert text(parse_html(page).select_one(".monthly__figure")) == "€57.50 a month of €100"
    assert text(parse_html(page).select_one(".monthly__donors")) == "8 donors give monthly"


def test_a_campaign_that_has_ended_keeps_the_monthly_figure_it_ended_with(tmp_path):
    """Built six weeks after its end, a monthly-only campaign still says what came in a month
    when it ended, and stays successful (a review found it fall to €0 and 'ended')."""
    ledger = [gift("m1", -20, "25.00", "ana")]  # 2026-12-16, within 35 days of the end
    source = site_with(
        tmp_path, ledger, goal=None, monthly_goal=20, funding="flexible", totals=None
    )
    later = datetime(2027, 2, 15, 12, tzinfo=UTC)  # the end is 2026-12-31 23:59 +01:00
    build(source, tmp_path / "output", later)
    page = parse_html(tmp_path / "output/campaigns/lamp/index.html")
    assert text(page.select_one(".monthly__figure")) == "€25 a month of €20"
    data = json.loads((tmp_path / "output/campaigns/lamp/totals.json").read_text())
    assert (data["state"], data["monthly"]["amount"]) == ("successful", "25.00")


def test_a_campaign_without_a_ledger_gives_its_monthly_figure_by_hand(tmp_path):
    """totals: monthly and monthly_donors stand in for a ledger, as raised and backers do."""
    totals = {
        "raised": "1200",
        "backers": 14,
        "updated": "2026-12-01T10:00:00+01:00",
        "monthly": "420.50",
        "monthly_donors": 38,
    }
    output = built(tmp_path, None, monthly_goal=600, totals=totals)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert text(page.select_one(".monthly__figure")) == "€420.50 a month of €600"
    assert text(page.select_one(".monthly__donors")) == "38 donors give monthly"
    data = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert data["monthly"] == {"amount": "420.50", "goal": "600", "donors": 38}
    # A ledger counts the monthly figure itself: the one written by hand is then not used.
    ledger_output = built(tmp_path / "ledger", PAGE_LEDGER, monthly_goal=600, totals=totals)
    ledger_page = parse_html(ledger_output / "campaigns/lamp/index.html")
    assert text(ledger_page.select_one(".monthly__figure")) == "€72.50 a month of €600"


# campaign.yaml ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"monthly_goal": "0.5"},
            "campaign.yaml:16:15: monthly_goal: must be 1 or more, got '0.5'",
        ),
        (
            {"monthly_goal": "lots"},
            "campaign.yaml:16:15: monthly_goal: must be a positive amount such as 12500 or "
            "12500.50, got 'lots'",
        ),
        (
            {"monthly_goal": "12.345"},
            "campaign.yaml:16:15: monthly_goal: EUR amounts have at most 2 decimal places, "
            "got 12.345",
        ),
        (
            {
                "monthly_goal": 600,
                "totals": {"raised": 0, "updated": "2026-12-01T10:00", "monthly": "4.001"},
            },
            "campaign.yaml:9:65: totals.monthly: EUR amounts have at most 2 decimal places, "
            "got 4.001",
        ),
        (
            {"goal": None, "monthly_goal": None},
            "campaign.yaml:1:1: monthly_goal: give a goal, a monthly_goal, or both",
        ),
        (
            {"goal": None, "monthly_goal": 600, "funding": "all_or_nothing"},
            "campaign.yaml:7:10: funding: all_or_nothing needs a goal to reach by the end; a "
            "campaign with only a monthly_goal keeps every gift: write funding: flexible, or "
            "give a goal",
        ),
    ],
)
def test_a_bad_monthly_goal_is_refused_where_it_is_written(tmp_path, fields, message):
    source = site_with(tmp_path, None, **fields)
    result = invoke("build", "--source", str(source), "--output", str(tmp_path / "output"))
    assert result.exit_code == 1
    assert result.output == f"site/campaigns/lamp/{message}\nError: 1 error; nothing was written\n"


# The generic CSV's `recurring` column --------------------------------------------------------


def test_the_generic_import_reads_the_recurring_column(tmp_path):
    source = site_with(tmp_path, None, totals=None, monthly_goal=100)
    export = tmp_path / "bank.csv"
    export.write_text(
        "id,date,amount,currency,backer,recurring\n"
        "so-1,2026-10-25,20.00,EUR,ana@example.org,monthly\n"
        "so-2,2026-11-25,20.00,EUR,ana@example.org,Monthly\n"
        "cash-1,2026-11-20,50.00,EUR,,\n",
        encoding="utf-8",
    )
    result = invoke("ledger", "import", "lamp", str(export), "--source", str(source))
    assert result.exit_code == 0, result.output
    ledger = (source / "campaigns/lamp/ledger.csv").read_text(encoding="utf-8")
    assert "ana@example.org" not in ledger
    totals = ledger_totals(ledger_rows(source), "EUR", None, NOW)
    assert totals.raised == Decimal("90.00")
    assert totals.monthly == MonthlyGiving(
        Decimal("20.00"),
        1,
        (
            datetime(2026, 10, 25, tzinfo=UTC),
            datetime(2026, 11, 25, tzinfo=UTC),
            datetime(2026, 11, 29, tzinfo=UTC),
            datetime(2026, 12, 30, tzinfo=UTC),
        ),
    )


def test_the_generic_import_refuses_another_rhythm(tmp_path):
    source = site_with(tmp_path, None, totals=None)
    export = tmp_path / "bank.csv"
    export.write_text(
        "id,date,amount,currency,recurring\nso-1,2026-10-25,20.00,EUR,weekly\n", encoding="utf-8"
    )
    result = invoke("ledger", "import", "lamp", str(export), "--source", str(source))
    assert result.exit_code == 1
    assert (
        f"{export}:2:1: recurring: unknown recurring 'weekly' (expected monthly, or nothing for "
        "a one-time gift)"
    ) in result.output


# Stripe: a Payment Link for a recurring price ------------------------------------------------

MONTHLY_LINK = "https://buy.stripe.com/monthly01"


@pytest.fixture
def standin():
    # Two invoices a page, so that pagination is read.
    with StripeStandIn(STRIPE_KEY, page_size=2) as account:
        yield account


def stripe_site(tmp_path: Path) -> Path:
    tier = friend_tier(f"[{{processor: stripe, url: '{MONTHLY_LINK}'}}]", amount=10)
    campaign = {"totals": None, "monthly_goal": 100, "tiers": tier}
    return one_campaign_site(tmp_path, campaign, files={"story.md": "A story.\n"})


def stripe_sync(site: Path, standin: StripeStandIn) -> Result:
    now = "2026-11-26T11:00:00+00:00"
    return sync(site, environment=stripe_environment(standin), now=now)


def test_stripe_reads_each_paid_invoice_of_a_subscription_as_a_monthly_payment(tmp_path, standin):
    link = standin.add_link(MONTHLY_LINK)
    ana = standin.add_subscription(
        link,
        [
            (1000, "2026-09-20T10:00:00+00:00"),
            (1000, "2026-10-20T10:00:00+00:00"),
            (1500, "2026-11-20T10:00:00+00:00"),
        ],
        customer="cus_ana",
        name="Ana",
    )
    standin.add_subscription(
        link, [(2000, "2026-11-01T10:00:00+00:00")], customer="cus_ben", charged=False
    )
    yearly = standin.add_subscription(
        link, [(12000, "2026-11-02T10:00:00+00:00")], customer="cus_cy", interval=("year", 1)
    )
    site = stripe_site(tmp_path)
    result = stripe_sync(site, standin)
    assert result.exit_code == 0, result.output
    assert (
        f"stripe: subscription {yearly['id']} is not billed once a month: its payments count "
        "in what was raised, not in the monthly figure"
    ) in result.output
    rows = ledger_rows(site)
    ana_charges = sorted(
        invoice["payments"]["data"][0]["payment"]["charge"]
        for invoice in standin.invoices
        if invoice["customer"] == "cus_ana"
    )
    assert sorted(row.transaction_id for row in rows if row.backer == "Ana") == ana_charges
    [ben] = [row for row in rows if row.gross == Decimal("20.00")]
    [ben_charge] = [
        charge for charge in standin.charges.values() if charge["customer"] == "cus_ben"
    ]
    # Paid through a PaymentIntent, keyed by its latest charge all the same.
    assert ben_charge["payment_intent"] in standin.intents
    assert ben.transaction_id == ben_charge["id"]
    assert {(row.gross, row.recurring, row.tier) for row in rows} == {
        (Decimal("10.00"), Recurring.MONTHLY, "friend"),
        (Decimal("15.00"), Recurring.MONTHLY, "friend"),
        (Decimal("20.00"), Recurring.MONTHLY, "friend"),
        (Decimal("120.00"), Recurring.ONCE, "friend"),
    }
    assert len(rows) == 5  # one row a month: the session that started each is no payment
    invoices = [query for path, query in standin.requests if path == "/v1/invoices"]
    anas = [query for query in invoices if query["subscription"] == [ana["id"]]]
    assert [query["status"] for query in anas] == [["paid"], ["paid"]]
    assert len(anas) == 2  # her three invoices come in two pages
    assert len(invoices) == 2 + 1 + 1
    # One request more a month: Ana's and Cy's charges, and the intent that paid Ben's.
    charges = [path for path, _ in standin.requests if path.startswith("/v1/charges/")]
    intents = [path for path, query in standin.requests if path.startswith("/v1/payment_intents/")]
    assert len(charges) == 3 + 1
    assert intents == [f"/v1/payment_intents/{ben_charge['payment_intent']}"]
    totals = ledger_totals(rows, "EUR", None, NOW)
    assert totals.raised == Decimal("175.00")  # 10 + 10 + 15 + 20 + 120: all money received
    assert (totals.monthly.amount, totals.monthly.donors) == (Decimal("35.00"), 2)
    # A second sync with nothing new changes no file.
    before = (site / "campaigns/lamp/ledger.csv").read_bytes()
    assert stripe_sync(site, standin).exit_code == 0
    assert (site / "campaigns/lamp/ledger.csv").read_bytes() == before


def months_of(standin, customer: str) -> list[dict]:
    """The charges that paid a customer's months, oldest first."""
    return [charge for charge in standin.charges.values() if charge["customer"] == customer]


def test_stripe_reads_a_months_refunds_and_disputes_from_its_charge(tmp_path, standin):
    link = standin.add_link(MONTHLY_LINK)
    standin.add_subscription(
        link,
        [(1000, "2026-10-20T10:00:00+00:00"), (1500, "2026-11-20T10:00:00+00:00")],
        customer="cus_ana",
    )
    standin.add_subscription(
        link,
        [(2000, "2026-10-25T10:00:00+00:00"), (2000, "2026-11-24T10:00:00+00:00")],
        customer="cus_ben",
        charged=False,  # through PaymentIntents: the refund is on their latest charge
    )
    standin.add_subscription(link, [(3000, "2026-11-10T10:00:00+00:00")], customer="cus_cy")
    ana_october, ana_november = months_of(standin, "cus_ana")
    ben_october, ben_november = months_of(standin, "cus_ben")
    [cy] = months_of(standin, "cus_cy")
    standin.refund(ana_november, 500)  # in part: her month is 10.00
    standin.refund(ben_november, 2000)  # in full: his latest month is October's again
    standin.add_dispute(cy, "needs_response")
    site = stripe_site(tmp_path)
    result = stripe_sync(site, standin)
    assert result.exit_code == 0, result.output
    rows = {row.transaction_id: row for row in ledger_rows(site)}
    assert {key: (row.refunded, row.status) for key, row in rows.items()} == {
        ana_october["id"]: (Decimal(0), Status.PAID),
        ana_november["id"]: (Decimal("5.00"), Status.PAID),
        ben_october["id"]: (Decimal(0), Status.PAID),
        ben_november["id"]: (Decimal("20.00"), Status.PAID),
        cy["id"]: (Decimal(0), Status.DISPUTED),
    }
    totals = ledger_totals(list(rows.values()), "EUR", None, NOW)
    assert totals.raised == Decimal("40.00")  # 10 + 15 - 5 + 20 + 20 - 20; Cy's is disputed
    assert (totals.monthly.amount, totals.monthly.donors) == (Decimal("30.00"), 2)
    # The dispute is lost: Cy's month, read again, takes its later state.
    standin.disputes[0]["status"] = "lost"
    assert stripe_sync(site, standin).exit_code == 0
    assert {row.transaction_id: row.status for row in ledger_rows(site)}[cy["id"]] is Status.LOST
    totals = ledger_totals(ledger_rows(site), "EUR", None, NOW)
    assert (totals.raised, totals.monthly.amount, totals.monthly.donors) == (
        Decimal("40.00"),
        Decimal("30.00"),
        2,
    )
    # A second sync with nothing new changes no file.
    before = (site / "campaigns/lamp/ledger.csv").read_bytes()
    assert stripe_sync(site, standin).exit_code == 0
    assert (site / "campaigns/lamp/ledger.csv").read_bytes() == before


def test_stripes_export_of_a_synced_month_is_the_same_row(tmp_path, standin):
    link = standin.add_link(MONTHLY_LINK)
    standin.add_subscription(link, [(1500, "2026-11-20T10:00:00+00:00")], customer="cus_ana")
    standin.add_subscription(
        link, [(2000, "2026-11-24T10:00:00+00:00")], customer="cus_ben", charged=False
    )
    [ana] = months_of(standin, "cus_ana")
    [ben] = months_of(standin, "cus_ben")
    standin.refund(ana, 500)
    site = stripe_site(tmp_path)
    assert stripe_sync(site, standin).exit_code == 0
    ledger = site / "campaigns/lamp/ledger.csv"
    synced = ledger.read_bytes()
    # The Dashboard's payments export of the same two charges, as test_import's fixture has it.
    export = tmp_path / "stripe.csv"
    export.write_text(
        "id,Created date (UTC),Amount,Amount Refunded,Currency,Status,Mode,Captured,"
        "Customer ID,Dispute Status\n"
        f"{ana['id']},2026-11-20 10:00:00,15.00,5.00,eur,Paid,Live,true,cus_ana,\n"
        f"{ben['id']},2026-11-24 10:00:00,20.00,0.00,eur,Paid,Live,true,cus_ben,\n",
        encoding="utf-8",
    )
    result = invoke("ledger", "import", "lamp", str(export), "--source", str(site))
    assert result.exit_code == 0, result.output
    assert ledger.read_bytes() == synced  # the same two payments: nothing counted twice
    totals = ledger_totals(ledger_rows(site), "EUR", None, NOW)
    assert (totals.raised, totals.monthly.amount) == (Decimal("30.00"), Decimal("30.00"))


def test_a_month_whose_charge_cannot_be_read_is_one_line(tmp_path, standin):
    link = standin.add_link(MONTHLY_LINK)
    standin.add_subscription(
        link, [(1500, "2026-11-20T10:00:00+00:00")], customer="cus_ana", charged=False
    )
    [invoice] = standin.invoices
    [intent_id] = standin.intents
    standin.intents[intent_id]["latest_charge"] = None
    site = stripe_site(tmp_path)
    result = stripe_sync(site, standin)
    assert result.exit_code == 1
    assert (
        f"stripe: invoice {invoice['id']} was paid through PaymentIntent {intent_id}, which "
        "names no charge: its month cannot be keyed by its charge, as Stripe's export keys it\n"
    ) in result.output
    assert not (site / "campaigns/lamp/ledger.csv").exists()


def test_a_month_of_a_site_counting_net_has_its_charges_fee(tmp_path, standin):
    link = standin.add_link(MONTHLY_LINK)
    standin.add_subscription(
        link, [(1500, "2026-11-20T10:00:00+00:00")], customer="cus_ana", fee=51
    )
    standin.add_subscription(
        link, [(2000, "2026-11-24T10:00:00+00:00")], customer="cus_ben", charged=False, fee=62
    )
    site = stripe_site(tmp_path)
    settings = site / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "fees: net\n", encoding="utf-8")
    result = stripe_sync(site, standin)
    assert result.exit_code == 0, result.output
    assert sorted(row.fee for row in ledger_rows(site)) == [Decimal("0.51"), Decimal("0.62")]
    asked = [query.get("expand[0]") for _, query in standin.requests]
    assert ["balance_transaction"] in asked
    assert ["latest_charge.balance_transaction"] in asked


def test_the_stripe_standin_serves_invoices_the_sdk_reads(standin):
    import stripe

    link = standin.add_link(MONTHLY_LINK)
    made = standin.add_subscription(link, [(1000, "2026-11-20T10:00:00+00:00")])
    client = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": standin.base})
    page = client.v1.invoices.list(
        params={"subscription": made["id"], "status": "paid", "expand": ["data.payments"]}
    )
    [invoice] = page.data
    assert isinstance(invoice, stripe.Invoice)
    assert invoice.parent.subscription_details.subscription == made["id"]
    assert isinstance(invoice.payments.data[0], stripe.InvoicePayment)
    subscription = client.v1.subscriptions.retrieve(made["id"])
    assert subscription["items"].data[0].price.recurring.interval == "month"


def test_the_monthly_example_in_content_md_builds_strictly(tmp_path):
    import re

    from support import REPOSITORY

    docs = (REPOSITORY / "docs" / "content.md").read_text(encoding="utf-8")
    section = docs.split("## Monthly giving: `monthly_goal`", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section.split("A campaign that lives on", 1)[1], re.S)
    files = {"campaign.yaml": example.group(1), "story.md": "A story.\n", "hero.svg": HERO_SVG}
    source = write_site(tmp_path / "site", site=site_yaml(), campaigns={"shelter": files})
    result = build(source, tmp_path / "out", FIXED_NOW, strict=True)
    assert result.warnings == []
    page = parse_html(tmp_path / "out/campaigns/shelter/index.html")
    [bar] = page.select("main [role=progressbar]")
    assert bar["aria-valuetext"] == "0% of the monthly goal"
    assert text(page.select_one(".monthly__figure")) == "€0 a month of €600"
    assert text(page.select_one("#tier-one-night .tier__amount")) == "€10 a month"


def test_the_appeal_theme_shows_the_monthly_bar_too(tmp_path):
    files = {
        "campaign.yaml": campaign_yaml(goal=None, funding=None, monthly_goal=100, totals=None),
        "story.md": "A story.\n",
        "hero.svg": HERO_SVG,
        "ledger.csv": ledger_text(PAGE_LEDGER),
    }
    site = site_yaml(theme="appeal", languages="[]")
    source = write_site(tmp_path / "site", site=site, campaigns={"lamp": files})
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    [bar] = page.select("#progress [role=progressbar]")
    assert bar["aria-valuetext"] == "72% of the monthly goal"
    assert text(page.select_one("#progress .monthly__figure")) == "€72.50 a month of €100"
    assert text(page.select_one("#progress .monthly__donors")) == "9 donors give monthly"
