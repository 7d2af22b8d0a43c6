"""The ledger: Stripe and generic exports in, exact totals out, idempotent and order-free."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support import EXAMPLE, FIXED_NOW, FIXTURES, parse_html

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.ledger.importing import import_export
from pledgekit.ledger.rows import Status
from pledgekit.ledger.store import LEDGER_FILE, read_ledger, write_ledger
from pledgekit.ledger.totals import ledger_totals
from pledgekit.problems import ContentErrors
from pledgekit.validate.folder import validated_site

EXPORTS = FIXTURES / "exports"
FIRST, SECOND = EXPORTS / "stripe-2026-11-10.csv", EXPORTS / "stripe-2026-11-24.csv"


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the example site, so that imports write into a temporary ledger."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    return tmp_path / "content"


def import_into(site: Path, export: Path, dry_run: bool = False, format_name: str | None = None):
    validated = validated_site(site)
    campaign = next(c for c in validated.campaigns if c.slug == "tenon-lamp")
    return import_export(
        campaign, site / "campaigns/tenon-lamp", export, export.name, format_name, dry_run
    )


def ledger_of(site: Path):
    rows, problems = read_ledger(site / "campaigns/tenon-lamp" / LEDGER_FILE, "ledger.csv")
    assert problems == []
    return rows


def test_stripe_exports_give_exact_totals(site):
    first = import_into(site, FIRST)
    assert (first.format, len(first.changes.added), first.result.skipped) == (
        "stripe",
        7,
        {"test-mode payments": 1},
    )
    second = import_into(site, SECOND)
    assert (len(second.changes.added), len(second.changes.updated), second.changes.unchanged) == (
        3,
        1,
        2,
    )
    rows = {row.transaction_id: row for row in ledger_of(site)}
    assert rows["ch_3A07"].status is Status.WON  # disputed in the first export, won in the second
    assert rows["ch_3A10"].status is Status.LOST and rows["ch_3A11"].status is Status.PENDING
    assert rows["ch_3A09"].gross == Decimal("1390.00") and rows["ch_3A09"].tier == ""
    assert rows["ch_3A01"].backer == "Ada L." and "@" not in "".join(
        r.backer_ref for r in rows.values()
    )
    totals = ledger_totals(list(rows.values()), "EUR")
    # 119 + 139 + (169 - 40) + 259 + 1390: the full refund, the failed, test, lost, pending and
    # USD payments do not count.
    assert totals.raised == Decimal("2036.00")
    assert totals.backers == 4  # ch_3A01 and ch_3A04 are the same customer
    assert totals.claimed == {
        "early-bird-lamp": 1,
        "lamp": 1,
        "lamp-and-spares": 1,
        "studio-pair": 1,
    }
    assert totals.other_currencies == {"USD": Decimal("25.00")}
    assert totals.updated == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
    assert second.unmatched == [] and second.without_tier == 1  # ch_3A09 chose no tier


def test_the_same_export_twice_changes_nothing(site):
    import_into(site, FIRST)
    before = (site / "campaigns/tenon-lamp" / LEDGER_FILE).read_bytes()
    again = import_into(site, FIRST)
    assert not again.changes.any and again.changes.unchanged == 7
    assert (site / "campaigns/tenon-lamp" / LEDGER_FILE).read_bytes() == before


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([FIRST, SECOND]), min_size=1, max_size=5))
def test_any_order_any_number_of_times_gives_the_same_ledger(tmp_path_factory, order):
    site = tmp_path_factory.mktemp("order") / "content"
    shutil.copytree(EXAMPLE, site)
    for export in [*order, FIRST, SECOND]:  # every export at least once, in any order
        import_into(site, export)
    reference = tmp_path_factory.mktemp("reference") / "content"
    shutil.copytree(EXAMPLE, reference)
    import_into(reference, FIRST)
    import_into(reference, SECOND)
    ledger = "campaigns/tenon-lamp/" + LEDGER_FILE
    assert (site / ledger).read_bytes() == (reference / ledger).read_bytes()


def test_a_malformed_row_stops_the_import_and_changes_nothing(site):
    with pytest.raises(ContentErrors) as caught:
        import_into(site, EXPORTS / "stripe-malformed.csv")
    assert [str(problem) for problem in caught.value.problems] == [
        "stripe-malformed.csv:3:1: Amount: cannot read the amount 'one hundred'",
        "stripe-malformed.csv:4:1: Created (UTC): cannot read the date 'yesterday'",
    ]
    assert not (site / "campaigns/tenon-lamp" / LEDGER_FILE).exists()


def test_dry_run_writes_nothing(site):
    report = import_into(site, FIRST, dry_run=True)
    assert len(report.changes.added) == 7
    assert not (site / "campaigns/tenon-lamp" / LEDGER_FILE).exists()


def test_generic_csv_for_bank_transfers_and_cash(site, tmp_path):
    export = tmp_path / "cash.csv"
    export.write_text(
        "id,date,amount,currency,tier,name,backer\n"
        "fair-01,2026-11-14,139,EUR,lamp,Zoé,zoe@example.org\n"
        "fair-02,2026-11-14T17:30:00+01:00,10.50,eur,,,\n"
    )
    report = import_into(site, export)
    assert report.format == "generic" and len(report.changes.added) == 2
    totals = ledger_totals(ledger_of(site), "EUR")
    assert (totals.raised, totals.backers, totals.claimed) == (Decimal("149.50"), 2, {"lamp": 1})


def test_the_build_takes_totals_and_tier_counts_from_the_ledger(site, tmp_path):
    import_into(site, FIRST)
    import_into(site, SECOND)
    result = build(site, tmp_path / "out", FIXED_NOW)
    assert [p.message for p in result.warnings] == [
        "payments in USD (25.00) are not counted: the campaign is in EUR (give a rate under exchange_rates to count them)"
    ]
    page = parse_html(tmp_path / "out/campaigns/tenon-lamp/index.html")
    stats = {item.dt.text: " ".join(item.dd.text.split()) for item in page.select(".stats__item")}
    # The pending payment is said apart, never in the raised figure.
    assert stats["Pledged"] == "€2,036 of €40,000 goal €139 pending, counted once paid"
    assert stats["Backers"] == "4"
    assert " ".join(page.select_one(".stats__updated").text.split()) == (
        "Totals last updated November 23, 2026, 2:00 PM (Central European Time)."
    )
    founders = page.select_one("#tier-founders-lamp")
    assert "tier--sold_out" not in founders["class"]  # the lost dispute did not count
    facts = {row.dt.text: row.dd.text for row in page.select("#tier-lamp .tier__facts div")}
    assert facts["Backers"] == "1"


def test_cli_import_summary_and_refunds(site, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["ledger", "import", "tenon-lamp", str(FIRST), "--source", str(site)]
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == f"{FIRST}: stripe export, 7 rows: 7 added, 0 updated, 0 unchanged"
    )
    assert "  skipped 1 test-mode payments" in result.output
    summary = runner.invoke(main, ["ledger", "summary", "tenon-lamp", "--source", str(site)])
    assert summary.output.splitlines()[0] == "tenon-lamp: 387.00 EUR from 2 backers, 7 ledger rows"
    assert "Not counted: 25.00 USD (the campaign is in EUR)" in summary.output

    def refunds(now: str):
        command = ["ledger", "refunds", "tenon-lamp", "--source", str(site), "--now", now]
        return runner.invoke(main, command)

    live = refunds("2026-11-26T12:00:00+01:00")
    assert live.exit_code == 0 and live.output == "Nothing to refund: tenon-lamp is live.\n"
    ended = refunds("2027-01-05T12:00:00+01:00")
    assert ended.output.splitlines() == [
        "processor,transaction_id,date,amount,currency",
        "stripe,ch_3A01,2026-11-03T09:12:44Z,119.00,EUR",
        "stripe,ch_3A02,2026-11-03T10:01:02Z,139.00,EUR",
        "stripe,ch_3A04,2026-11-05T07:45:10Z,129.00,EUR",
        # Not counted (no rate), but paid: refunded like the others, in its own currency.
        "stripe,ch_3A08,2026-11-08T09:00:00Z,25.00,USD",
    ]
    unknown = runner.invoke(main, ["ledger", "summary", "nope", "--source", str(site)])
    assert unknown.exit_code == 2 and "no campaign 'nope'" in unknown.output


def test_the_example_appeal_takes_its_totals_from_its_committed_exports(site, example_site):
    """Re-importing the committed exports gives the committed ledger, byte for byte."""
    folder = site / "campaigns/winter-shelter-lille"
    committed = (folder / LEDGER_FILE).read_bytes()
    (folder / LEDGER_FILE).unlink()
    validated = validated_site(site)
    campaign = next(c for c in validated.campaigns if c.slug == "winter-shelter-lille")
    for export in sorted((folder / "exports").glob("*.csv")):
        import_export(campaign, folder, export, export.name, None, dry_run=False)
    assert (folder / LEDGER_FILE).read_bytes() == committed
    page = parse_html(example_site / "campaigns/winter-shelter-lille/index.html")
    stats = {item.dt.text: " ".join(item.dd.text.split()) for item in page.select(".stats__item")}
    assert (stats["Pledged"], stats["Backers"]) == (
        "€19,878.60 of €60,000 goal €100 pending, counted once paid",  # a pending eCheck
        "144",
    )
    facts = {
        row.dt.text: row.dd.text for row in page.select("#tier-bed-for-the-winter .tier__facts div")
    }
    assert facts["Limited"] == "10 of 12 left"


def test_paypal_payments_for_another_campaign_are_left_out(site, tmp_path):
    header = '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","From Email Address","Transaction ID","Item Title","Item ID","Reference Txn ID","Balance Impact"'
    export = tmp_path / "paypal.csv"
    export.write_text(
        header + "\n"
        '"11/20/2026","10:00:00","CET","A","Donation Payment","Completed","EUR","139.00","a@example.org","T1","Lamp","tenon-lamp/lamp","","Credit"\n'
        '"11/20/2026","11:00:00","CET","B","Donation Payment","Completed","EUR","33.00","b@example.org","T2","Monthly","winter-shelter-lille/monthly-night","","Credit"\n'
    )
    report = import_into(site, export)
    assert [row.transaction_id for row in report.changes.added] == ["T1"]
    assert report.changes.added[0].tier == "lamp"
    assert report.result.skipped == {"payments for other campaigns (by their item number)": 1}


def test_other_currencies_count_only_at_a_rate_written_down(site, tmp_path):
    import_into(site, FIRST)
    import_into(site, SECOND)
    rows = ledger_of(site)
    assert ledger_totals(rows, "EUR").raised == Decimal("2036.00")
    converted = ledger_totals(rows, "EUR", {"USD": Decimal("0.9237")})
    assert converted.raised == Decimal("2059.09")  # 25.00 USD x 0.9237 = 23.0925, to the cent
    assert converted.other_currencies == {} and converted.backers == 5
    campaign = site / "campaigns/tenon-lamp/campaign.yaml"
    campaign.write_text(
        campaign.read_text() + "exchange_rates:\n  USD: {rate: 0.9237, date: 2026-11-20}\n"
    )
    result = build(site, tmp_path / "out", FIXED_NOW)
    assert result.warnings == []
    page = parse_html(tmp_path / "out/campaigns/tenon-lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "€2,059.09"


def rows_from(export: Path):
    from pledgekit.ledger.importers import detect_importer
    from pledgekit.ledger.importing import read_export

    header, rows = read_export(export, export.name)
    return detect_importer(header).read(header, rows, export.name).rows


ALL_EXPORT_ROWS = [
    row
    for export in sorted(EXPORTS.glob("*.csv"))
    if "malformed" not in export.name
    for row in rows_from(export)
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(ALL_EXPORT_ROWS) - 1), max_size=40),
    st.randoms(),
)
def test_merging_rows_in_any_order_and_number_gives_one_ledger(extra, random):
    """Every row of every fixture export (Stripe and PayPal), merged once, then again in a
    shuffled order with repeats, gives the same ledger as merging them once in file order."""
    from pledgekit.ledger.store import ledger_text, merge

    reference, _ = merge([], ALL_EXPORT_ROWS)
    shuffled = ALL_EXPORT_ROWS + [ALL_EXPORT_ROWS[index] for index in extra]
    random.shuffle(shuffled)
    merged: list = []
    for row in shuffled:
        merged, _ = merge(merged, [row])
    assert ledger_text(merged) == ledger_text(reference)


def test_an_import_keeps_the_ledgers_permissions(tmp_path):
    ledger = tmp_path / "ledger.csv"
    write_ledger(ledger, [])
    ledger.chmod(0o640)
    write_ledger(ledger, [])
    assert ledger.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "other" / "ledger.csv"
    fresh.parent.mkdir()
    umask = os.umask(0o022)
    try:
        write_ledger(fresh, [])
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
