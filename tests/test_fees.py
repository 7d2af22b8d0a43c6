"""Gross or net of processors' fees: the fee each source tells (Stripe's and PayPal's exports,
Stripe's balance transactions through `ledger sync`), what site.yaml's `fees` makes of the
raised figure, and how `ledger summary` discloses the fees."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from support import (
    FIXED_NOW,
    FIXTURES,
    HERO_SVG,
    campaign_yaml,
    invoke,
    parse_html,
    site_yaml,
    write_site,
)
from sync_support import STRIPE_KEY, site_source, stripe_environment
from test_ledger_sync import (  # the stand-in Stripe account and the site it sells for
    ANY_AMOUNT_LINK,
    SUPPORTER_LINK,
    lamp_site,
    standin,  # noqa: F401 (a fixture)
)

from pledgekit.build import build
from pledgekit.ledger.fees import counted_fees, fees_by_processor
from pledgekit.ledger.importers import detect_importer
from pledgekit.ledger.importing import read_export
from pledgekit.ledger.rows import Kind, LedgerRow
from pledgekit.ledger.store import LEDGER_FILE, ledger_text, write_ledger
from pledgekit.ledger.sync.stripe import StripeSource
from pledgekit.ledger.totals import ledger_totals

PAID = datetime(2026, 11, 20, 10, tzinfo=UTC)
RATES = {"USD": Decimal("0.92")}


def payment(
    number: int,
    gross: str,
    fee: str,
    *,
    currency: str = "EUR",
    refunded: str = "0",
    processor: str = "stripe",
) -> LedgerRow:
    return LedgerRow(
        processor,
        f"t{number}",
        PAID,
        Kind.PAYMENT,
        Decimal(gross),
        currency,
        Decimal(refunded),
        fee=Decimal(fee),
    )


ROWS = [
    payment(1, "100.00", "3.20"),  # net 96.80
    payment(2, "50.00", "1.50", refunded="50.00"),  # refunded in full: not counted, nor its fee
    payment(3, "80.00", "2.00", refunded="30.00"),  # 50.00 kept, net 48.00
    payment(4, "1.00", "1.20"),  # a fee above what is kept: net 0, never below
    payment(5, "100.00", "3.00", currency="USD"),  # 92.00 EUR; net 97.00 USD = 89.24 EUR
    payment(6, "25.00", "0.65", processor="paypal"),  # net 24.35
]
GROSS = Decimal("268.00")  # 100 + 50 + 1 + 92 + 25
FEES = {"paypal": Decimal("0.65"), "stripe": Decimal("8.96")}  # 3.20 + 2.00 + 1.00 + 2.76
NET = Decimal("258.39")  # GROSS − 9.61


def test_each_fee_takes_off_what_its_payment_counts_for_never_below_zero():
    assert ledger_totals(ROWS, "EUR", RATES).raised == GROSS
    # In the ledger's order (date, processor, id); t2 is not counted, so neither is its fee.
    assert [(row.transaction_id, fee) for row, fee in counted_fees(ROWS, "EUR", RATES)] == [
        ("t6", Decimal("0.65")),
        ("t1", Decimal("3.20")),
        ("t3", Decimal("2.00")),
        ("t4", Decimal("1.00")),
        ("t5", Decimal("2.76")),  # 92.00 − 89.24, as the payment's net converts
    ]
    assert fees_by_processor(ROWS, "EUR", RATES) == FEES


def lamp(folder: Path, fees: str | None) -> Path:
    lamp_files = {
        "campaign.yaml": campaign_yaml(
            totals=None, exchange_rates="{USD: {rate: '0.92', date: 2026-11-20}}"
        ),
        "hero.svg": HERO_SVG,
        "story.md": "The story.\n",
    }
    site = site_yaml(languages="[fr]", fees=fees)
    source = write_site(folder / "content", site=site, campaigns={"lamp": lamp_files})
    write_ledger(source / "campaigns/lamp" / LEDGER_FILE, ROWS)
    return source


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The same ledger built counting gross (the default) and net."""
    folders = {}
    for fees in ("gross", "net"):
        folder = tmp_path_factory.mktemp(fees)
        build(lamp(folder, fees if fees == "net" else None), folder / "out", FIXED_NOW, jobs=1)
        folders[fees] = folder
    return folders


@pytest.mark.parametrize(
    ("fees", "page", "raised", "after"),
    [
        ("gross", "campaigns/lamp/index.html", "€268", []),
        ("net", "campaigns/lamp/index.html", "€258.39", ["after fees"]),
        ("net", "fr/campaigns/lamp/index.html", "258,39\u00a0€", ["après frais"]),
    ],
)
def test_the_page_counts_gross_or_net_and_says_after_fees(built, fees, page, raised, after):
    html = parse_html(built[fees] / "out" / page)
    assert html.select_one("[data-live=raised]").text == raised
    assert [span.text for span in html.select(".stats__fees")] == after


@pytest.mark.parametrize(("fees", "raised"), [("gross", "268.00"), ("net", "258.39")])
def test_totals_json_says_what_raised_counts(built, fees, raised):
    data = json.loads((built[fees] / "out/campaigns/lamp/totals.json").read_text())
    assert (data["raised"], data["fees"], data["backers"]) == (raised, fees, 5)


@pytest.mark.parametrize(
    ("fees", "first", "last"),
    [
        (
            "gross",
            "lamp: 268.00 EUR from 5 backers, 6 ledger rows",
            "Fees kept by processors: 9.61 EUR (stripe 8.96 EUR, paypal 0.65 EUR); raised "
            "counts gross",
        ),
        (
            "net",
            "lamp: 258.39 EUR from 5 backers, 6 ledger rows",
            "Fees kept by processors: 9.61 EUR (stripe 8.96 EUR, paypal 0.65 EUR); raised "
            "counts net",
        ),
    ],
)
def test_ledger_summary_discloses_the_fees(built, fees, first, last):
    result = invoke("ledger", "summary", "lamp", "--source", str(built[fees] / "content"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == first
    assert "Converted: 100.00 USD at 0.92 (rate of 2026-11-20) = 92.00 EUR" in lines
    assert last in lines


def test_a_ledger_without_fees_says_none_was_told(tmp_path):
    source = lamp(tmp_path, None)
    write_ledger(source / "campaigns/lamp" / LEDGER_FILE, [payment(1, "10.00", "0")])
    result = invoke("ledger", "summary", "lamp", "--source", str(source))
    assert (
        "Fees kept by processors: 0.00 EUR (no source told a fee); raised counts gross"
        in result.output.splitlines()
    )


def imported(name: str):
    export = FIXTURES / "exports" / name
    header, rows = read_export(export, export.name)
    return detect_importer(header).read(header, rows, export.name)


def test_the_stripe_export_gives_its_fee_when_it_settled_in_the_payments_currency():
    result = imported("stripe-2026-11-10.csv")
    fees = {row.transaction_id: row.fee for row in result.rows}
    assert fees["ch_3A01"] == Decimal("3.92")  # Fee 3.92, Converted Currency eur, like it
    assert fees["ch_3A07"] == Decimal("7.06")
    assert result.notes == [
        "the fees of 1 payment are in the currency they were settled in, not the one they were "
        "paid in: not counted (their fee is 0 in the ledger)"
    ]


def test_the_paypal_export_gives_its_fee_on_payments_not_refunds():
    result = imported("paypal-activity-us.csv")
    fees = {row.transaction_id: (row.kind, row.fee) for row in result.rows}
    assert fees["1AB23456CD789012E"] == (Kind.PAYMENT, Decimal("1.17"))  # Fee -1.17
    assert fees["8HJ90123KL456789M"] == (Kind.REFUND, Decimal("0"))  # Fee 1.17 given back


def synced_rows(site: Path, standin) -> tuple[list[LedgerRow], list[str]]:  # noqa: F811
    result = site_source(StripeSource, site, environment=stripe_environment(standin)).read("lamp")
    return result.rows, result.notes


def test_a_site_counting_net_syncs_stripes_fees_from_the_balance_transactions(
    standin,  # noqa: F811
    tmp_path,
):
    site = lamp_site(tmp_path)
    (site / "site.yaml").write_text(site_yaml(fees="net"))
    standin.add_link(ANY_AMOUNT_LINK)
    link = standin.add_link(SUPPORTER_LINK)
    standin.add_sale(link, 2500, fee=95, created="2026-11-20T10:00:00+00:00")
    standin.add_sale(link, 2500, fee=61, settled_in="usd", created="2026-11-21T10:00:00+00:00")
    standin.add_sale(link, 2500, refunded=2500, fee=95, created="2026-11-22T10:00:00+00:00")
    rows, notes = synced_rows(site, standin)
    by_day = {row.date.day: row.fee for row in rows}
    # The refunded payment keeps its fee: Stripe does not give it back, nor tell it on refunds.
    assert by_day == {20: Decimal("0.95"), 21: Decimal("0"), 22: Decimal("0.95")}
    assert notes == [
        "stripe: the fees of payments in EUR are in USD, the currency they settled in: not "
        "counted (0 in the ledger)"
    ]
    expand = {query["expand[0]"][0] for path, query in standin.requests if "checkout" in path}
    assert expand == {"data.payment_intent.latest_charge.balance_transaction"}


def test_a_site_counting_gross_never_asks_stripe_for_balance_transactions(
    standin,  # noqa: F811
    tmp_path,
):
    site = lamp_site(tmp_path)
    link = standin.add_link(SUPPORTER_LINK)
    standin.add_sale(link, 2500, fee=95)
    rows, _ = synced_rows(site, standin)
    assert [row.fee for row in rows] == [Decimal("0")]
    expand = {query["expand[0]"][0] for path, query in standin.requests if "checkout" in path}
    assert expand == {"data.payment_intent.latest_charge"}
    assert STRIPE_KEY not in repr(rows)


def test_refunds_are_judged_on_the_figure_the_page_shows(tmp_path):
    """An all-or-nothing campaign that ended under its goal net of fees is refunded, though its
    gross passed the goal; one that reached it only through a dated rate is not."""
    ended = "2027-02-01T00:00:00+00:00"
    rows = [
        LedgerRow(
            "stripe",
            f"ch_{n}",
            datetime(2026, 11, 20, tzinfo=UTC),
            Kind.PAYMENT,
            Decimal("26.00"),
            "EUR",
            fee=Decimal("2.00"),
            backer_ref=f"b{n}",
        )
        for n in range(4)
    ]
    net_site = refund_site(tmp_path / "net", rows, site_fees="net")
    result = invoke("ledger", "refunds", "lamp", "--source", str(net_site), "--now", ended)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "processor,transaction_id,date,amount,currency",
        *[f"stripe,ch_{n},2026-11-20T00:00:00Z,26.00,EUR" for n in range(4)],
    ]
    gross_site = refund_site(tmp_path / "gross", rows, site_fees="gross")
    result = invoke("ledger", "refunds", "lamp", "--source", str(gross_site), "--now", ended)
    assert result.stdout == "" and result.stderr == "Nothing to refund: lamp is successful.\n"
    converted = [
        LedgerRow("stripe", "ch_usd", datetime(2026, 11, 20, tzinfo=UTC), Kind.PAYMENT,
                  Decimal("60.00"), "USD"),
        LedgerRow("stripe", "ch_eur", datetime(2026, 11, 21, tzinfo=UTC), Kind.PAYMENT,
                  Decimal("50.00"), "EUR"),
    ]  # fmt: skip
    rate = {"USD": {"rate": "1.10", "date": "2026-11-20"}}
    rated_site = refund_site(tmp_path / "rated", converted, exchange_rates=rate)
    result = invoke("ledger", "refunds", "lamp", "--source", str(rated_site), "--now", ended)
    assert result.stderr == "Nothing to refund: lamp is successful.\n"  # 66.00 + 50.00 >= 100


def refund_site(folder, rows, site_fees: str = "gross", **campaign: object):
    files = {
        "campaign.yaml": campaign_yaml(
            goal=100, funding="all_or_nothing", totals=None, end="2026-12-31T00:00", **campaign
        ),
        "story.md": "A story.\n",
        "hero.svg": HERO_SVG,
        "ledger.csv": ledger_text(rows),
    }
    return write_site(folder, site=site_yaml(fees=site_fees), campaigns={"lamp": files})
