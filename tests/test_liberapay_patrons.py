"""Liberapay's public patrons (issue 21): `ledger sync` reads /<user>/patrons/public.csv once
per account, only when the account's figures were read, into `supporter` rows (no money, the
public name, else the username), which name people on the supporters/ page, count among the
named (never taken from the backers without a name) and change no figure; a name on the hide
list is in no file the build writes; one-line failures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sync_support
from support import FIXED_NOW, parse_html
from sync_support import (
    NOW,
    friend_tier,
    ledger_rows,
    one_campaign_site,
    snapshot,
    waits_fixture,  # noqa: F401 (the fixture `waits`)
)
from totals_standins import Answer, LiberapayStandIn

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status, backer_ref
from pledgekit.ledger.store import LEDGER_FILE, read_ledger
from pledgekit.ledger.sync.liberapay_patrons import NotPatrons, public_patrons
from pledgekit.ledger.totals import ledger_totals
from pledgekit.model.campaign import Supporters
from pledgekit.supporters import supporters_view

PUBLIC_JSON = "/lampmaker/public.json"
PATRONS_CSV = "/lampmaker/patrons/public.csv"
HIDDEN_NAME = "Élodie Durand"  # hidden by "elodie durand" in campaign.yaml
LONG_NAME = "Zoë " + "x" * 80  # cut at 64 characters, as supporters.py cuts every name
LEDGER_HEADER = (
    "processor,transaction_id,date,kind,gross,currency,refunded,status,refers_to,tier,backer,"
    "backer_ref\n"
)
# Two gifts by bank transfer kept in the committed ledger: one named, one not.
COMMITTED = (
    LEDGER_HEADER
    + "generic,T001,2026-11-20T09:00:00Z,payment,25.00,EUR,0,paid,,,Ada Lovelace,ref001\n"
    + "generic,T002,2026-11-21T09:00:00Z,payment,30.00,EUR,0,paid,,,,ref002\n"
)


@pytest.fixture
def liberapay():
    with LiberapayStandIn() as standin:
        yield standin


def site(folder: Path, ledger_text: str | None = COMMITTED) -> Path:
    """A campaign in EUR whose monthly tier gives through Liberapay (lampmaker), with a
    committed ledger of two bank transfers, and one name on its hide list."""
    tier = friend_tier("[{processor: liberapay, user: lampmaker}]")
    campaign = {"totals": None, "tiers": tier, "supporters": "{hide: ['elodie durand']}"}
    ledger = {} if ledger_text is None else {LEDGER_FILE: ledger_text}
    return one_campaign_site(folder, campaign, files=ledger)


def sync(source: Path, standin: LiberapayStandIn, now: str = NOW):
    """`ledger sync` reading the site's Liberapay account from the stand-in."""
    environment = {"PLEDGEKIT_LIBERAPAY_API_BASE": standin.base}
    return sync_support.sync(source, environment=environment, now=now)


def four_patrons(standin: LiberapayStandIn) -> None:
    standin.set_receiving("lampmaker", "10.00", patrons=7)
    standin.add_public_patron("lampmaker", 101, "ana", "Ana Núñez", "2026-03-01")
    standin.add_public_patron("lampmaker", 102, "bob", "", "2026-05-10", weekly="private")
    standin.add_public_patron("lampmaker", 103, "elo", HIDDEN_NAME, "2026-04-01")
    standin.add_public_patron("lampmaker", 104, "zoe", LONG_NAME, "2026-06-02")


def supporter(patron_id: int, name: str, day: datetime) -> LedgerRow:
    return LedgerRow(
        processor="liberapay",
        transaction_id=f"patron:lampmaker/{patron_id}",
        date=day,
        kind=Kind.SUPPORTER,
        gross=Decimal(0),
        currency="EUR",
        status=Status.PAID,
        backer=name,
        backer_ref=backer_ref("liberapay", str(patron_id)),
        recurring=Recurring.MONTHLY,
    )


CUT_NAME = "Zoë " + "x" * 59 + "…"
SUPPORTERS = [
    supporter(101, "Ana Núñez", datetime(2026, 3, 1, tzinfo=UTC)),
    supporter(102, "bob", datetime(2026, 5, 10, tzinfo=UTC)),
    supporter(103, HIDDEN_NAME, datetime(2026, 4, 1, tzinfo=UTC)),
    supporter(104, CUT_NAME, datetime(2026, 6, 2, tzinfo=UTC)),
]


def test_public_patrons_become_supporter_rows_and_names_on_the_page_without_changing_a_figure(
    liberapay, waits, tmp_path
):
    source = site(tmp_path)
    four_patrons(liberapay)
    first = sync(source, liberapay)
    assert first.exit_code == 0, first.output
    # The output never holds a name: the transaction id only.
    assert first.stdout.splitlines() == [
        "lamp: liberapay: 1 total and 4 supporters read: 5 added, 0 updated, 0 unchanged",
        "  + liberapay total:lampmaker 2026-12-07 total 43.33 EUR a month from 7 supporters",
        "  + liberapay patron:lampmaker/101 2026-03-01 supporter",
        "  + liberapay patron:lampmaker/102 2026-05-10 supporter",
        "  + liberapay patron:lampmaker/103 2026-04-01 supporter",
        "  + liberapay patron:lampmaker/104 2026-06-02 supporter",
    ]
    # The ledger keeps its rows in date order.
    supporters = [row for row in ledger_rows(source) if row.kind is Kind.SUPPORTER]
    assert supporters == sorted(SUPPORTERS, key=lambda row: row.date)
    assert [(method, path) for method, path, _, _ in liberapay.requests] == [
        ("GET", PUBLIC_JSON),
        ("GET", PATRONS_CSV),
    ]
    # Exactly the figures of the ledger without its supporter rows.
    rows = ledger_rows(source)
    moment = datetime(2026, 12, 7, 10, tzinfo=UTC)
    with_supporters = ledger_totals(rows, "EUR", {}, moment)
    without = ledger_totals(
        [row for row in rows if row.kind is not Kind.SUPPORTER], "EUR", {}, moment
    )
    assert with_supporters == without
    assert (with_supporters.raised, with_supporters.backers, with_supporters.claimed) == (
        Decimal("55.00"),
        2,
        {},
    )
    assert with_supporters.monthly is not None
    assert (with_supporters.monthly.amount, with_supporters.monthly.donors) == (
        Decimal("43.33"),
        7,
    )

    output = tmp_path / "out"
    build(source, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    listed = parse_html(output / "campaigns/lamp/supporters/index.html")
    names = [" ".join(item.get_text().split()) for item in listed.select(".supporters__names li")]
    assert names == ["Ada Lovelace", "Ana Núñez", "bob", CUT_NAME]
    # 2 backers counted (a monthly figure's patrons are donors, not backers): Ada is named,
    # the other bank transfer is not; the patrons add to the named only.
    assert section_sentences(page) == [
        "4 backers chose to be named.",
        "1 backer gave without being named.",
        "The list of supporters",
    ]
    assert page.select_one("[data-live=raised]").get_text(strip=True) == "€55"
    assert page.select_one("[data-live=backers]").get_text(strip=True) == "2"
    assert page.select_one("[data-live=monthly]").get_text(" ", strip=True) == "€43.33 a month"
    assert page.select_one("[data-live=monthly-donors]").get_text(strip=True) == (
        "7 donors give monthly"
    )
    totals = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (totals["raised"], totals["backers"]) == ("55.00", 2)
    # The hidden patron is in no file the build writes.
    written = [path for path in output.rglob("*") if path.is_file()]
    assert [path for path in written if b"Durand" in path.read_bytes()] == []

    # Read again: nothing changes, not a byte nor a modification time.
    before = snapshot(source)
    second = sync(source, liberapay, now="2026-12-07T10:30:00+00:00")
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines() == [
        "lamp: liberapay: 1 total and 4 supporters read: 0 added, 0 updated, 5 unchanged"
    ]
    assert snapshot(source) == before
    assert waits == []


def section_sentences(page) -> list[str]:
    """The sentences of a campaign page's Supporters section."""
    section = page.select_one("section#supporters")
    return [" ".join(paragraph.get_text().split()) for paragraph in section.select("p")]


def test_named_patrons_take_nothing_from_the_backers_who_gave_without_a_name(tmp_path):
    # 4 backers by Stripe without a name; Liberapay's 7 patrons, 3 of them public. The
    # patrons are not backers (a monthly figure's donors): they add to the named only.
    ledger = (
        LEDGER_HEADER.replace("backer_ref\n", "backer_ref,fee,recurring,supporters\n")
        + "".join(
            f"stripe,ch_{n},2026-11-0{n}T00:00:00Z,payment,25.00,EUR,0,paid,,,,r{n},0,,\n"
            for n in range(1, 5)
        )
        + "liberapay,total:lampmaker,2026-11-20T00:00:00Z,total,43.33,EUR,0,paid,,,,,0,monthly,7\n"
        + "".join(
            f"liberapay,patron:lampmaker/10{n},2026-11-1{n}T00:00:00Z,supporter,0,EUR,0,paid,,,"
            f"Patron {n},lp{n},0,monthly,\n"
            for n in range(1, 4)
        )
    )
    output = tmp_path / "out"
    build(site(tmp_path, ledger_text=ledger), output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=backers]").get_text(strip=True) == "4"
    assert section_sentences(page) == [
        "3 backers chose to be named.",
        "4 backers gave without being named.",
        "The list of supporters",
    ]
    listed = parse_html(output / "campaigns/lamp/supporters/index.html")
    names = [item.get_text(strip=True) for item in listed.select(".supporters__names li")]
    assert names == ["Patron 1", "Patron 2", "Patron 3"]


def test_a_patron_who_changes_their_name_is_shown_under_the_new_one(liberapay, tmp_path):
    source = site(tmp_path, ledger_text=None)
    liberapay.set_receiving("lampmaker", "10.00", patrons=1)
    liberapay.add_public_patron("lampmaker", 101, "ana", "Ana Núñez", "2026-03-01")
    assert sync(source, liberapay).exit_code == 0
    liberapay.public_patrons["lampmaker"][0]["patron_public_name"] = "Ana N."
    again = sync(source, liberapay, now="2026-12-08T10:00:00+00:00")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [
        "lamp: liberapay: 1 total and 1 supporter read: 0 added, 1 updated, 1 unchanged",
        "  ~ liberapay patron:lampmaker/101 2026-03-01 supporter (was another name)",
    ]
    [named] = [row for row in ledger_rows(source) if row.kind is Kind.SUPPORTER]
    assert named.backer == "Ana N."
    view = supporters_view(Supporters(), ledger_rows(source), "EUR", {}, backers=0)
    assert view is not None and (view.newest, view.anonymous) == (("Ana N.",), 0)


def test_an_account_hiding_its_figures_names_nobody_and_its_list_is_not_asked(liberapay, tmp_path):
    source = site(tmp_path, ledger_text=None)
    liberapay.set_receiving("lampmaker", None, patrons=3)
    liberapay.add_public_patron("lampmaker", 101, "ana", "Ana Núñez")
    result = sync(source, liberapay)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "lamp: liberapay: 0 payments read: 0 added, 0 updated, 0 unchanged"
    )
    assert [path for _, path, _, _ in liberapay.requests] == [PUBLIC_JSON]
    assert not (source / "campaigns/lamp" / LEDGER_FILE).exists()


def test_public_csv_404_503_malformed_and_too_large_are_one_line(liberapay, waits, tmp_path):
    source = site(tmp_path)
    liberapay.set_receiving("lampmaker", "10.00", patrons=7)
    before = snapshot(source)

    liberapay.fail(PATRONS_CSV, Answer(404, b"Not Found"))
    missing = sync(source, liberapay)
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert missing.stderr.splitlines() == [
        "liberapay: Liberapay has no public patrons list for 'lampmaker' "
        f"({liberapay.base}{PATRONS_CSV}: 404)"
    ]
    assert snapshot(source) == before

    liberapay.fail(PATRONS_CSV, *[Answer(503, b"<html>maintenance</html>")] * 4)
    down = sync(source, liberapay)
    assert down.exit_code == 1
    assert down.stderr.splitlines() == [
        f"liberapay: {liberapay.base}{PATRONS_CSV} answers 503 (Service Unavailable), after 4 tries"
    ]
    assert waits == [1.0, 2.0, 4.0]
    assert snapshot(source) == before

    # One 503, then the list: read on the second try.
    liberapay.add_public_patron("lampmaker", 101, "ana", "Ana Núñez")
    liberapay.fail(PATRONS_CSV, Answer(503, b""))
    retried = sync(source, liberapay)
    assert retried.exit_code == 0, retried.output
    assert "lamp: liberapay: 1 total and 1 supporter read: 2 added" in retried.stdout
    assert waits == [1.0, 2.0, 4.0, 1.0]

    after = snapshot(source)
    for body, why in [
        (b"<html>Liberapay</html>\n", "line 1 is not the header of Liberapay's public patrons"),
        (
            b"pledge_date,patron_id,patron_username,patron_public_name,donation_currency,"
            b"weekly_amount,patron_avatar_url\r\n2026-13-01,101,ana,Ana,EUR,1.00,\r\n",
            "line 2: pledge_date is not a day (YYYY-MM-DD)",
        ),
        (
            b"pledge_date,patron_id,patron_username,patron_public_name,donation_currency,"
            b"weekly_amount,patron_avatar_url\r\n2026-01-01,ana,ana,Ana,EUR,1.00,\r\n",
            "line 2: patron_id is not a number",
        ),
        (
            b"pledge_date,patron_id,patron_username,patron_public_name,donation_currency,"
            b"weekly_amount,patron_avatar_url\r\n2026-01-01,101,ana\r\n",
            "line 2 has 3 cells, not 7",
        ),
    ]:
        liberapay.fail(PATRONS_CSV, Answer(200, body, {"Content-Type": "text/csv"}))
        malformed = sync(source, liberapay, now="2026-12-09T10:00:00+00:00")
        assert malformed.exit_code == 1
        assert malformed.stderr.splitlines() == [
            f"liberapay: {liberapay.base}{PATRONS_CSV} answered with what is not Liberapay's "
            f"list of public patrons ({why})"
        ]
    liberapay.fail(PATRONS_CSV, Answer(200, b"\xff\xfe not UTF-8"))
    binary = sync(source, liberapay, now="2026-12-09T10:00:00+00:00")
    assert binary.stderr.splitlines() == [
        f"liberapay: {liberapay.base}{PATRONS_CSV} answered with what is not UTF-8 text (HTTP 200)"
    ]
    liberapay.fail(PATRONS_CSV, Answer(200, b"x" * 2_000_001))
    huge = sync(source, liberapay, now="2026-12-09T10:00:00+00:00")
    assert huge.exit_code == 1
    assert huge.stderr.splitlines() == [
        f"liberapay: {liberapay.base}{PATRONS_CSV} is larger than 2 MB: not read"
    ]
    assert snapshot(source) == after


def test_the_csv_as_liberapay_writes_it_becomes_rows_named_as_a_page_shows_names():
    text = (
        "pledge_date,patron_id,patron_username,patron_public_name,donation_currency,"
        "weekly_amount,patron_avatar_url\r\n"
        "2026-03-01,101,ana,\u202eAna  Núñez\u202c,EUR,1.00,https://liberapay.com/ana/avatar\r\n"
        '2026-05-10,102,bob,"",USD,private,\r\n'
    )
    assert public_patrons(text, "lampmaker", "EUR") == [
        (2, supporter(101, "Ana Núñez", datetime(2026, 3, 1, tzinfo=UTC))),
        (3, supporter(102, "bob", datetime(2026, 5, 10, tzinfo=UTC))),
    ]
    # Liberapay's renderer writes nothing at all for an account without public patrons.
    assert public_patrons("", "lampmaker", "EUR") == []
    with pytest.raises(NotPatrons, match=r"^line 1 is not the header"):
        public_patrons("patron_id,pledge_date\r\n", "lampmaker", "EUR")


def test_a_supporter_row_holds_no_money(tmp_path):
    ledger = tmp_path / LEDGER_FILE
    ledger.write_text(
        LEDGER_HEADER
        + "liberapay,patron:lampmaker/101,2026-03-01T00:00:00Z,supporter,0,EUR,0,paid,,,Ana,r1\n"
        + "liberapay,patron:lampmaker/102,2026-03-01T00:00:00Z,supporter,5.00,EUR,0,paid,,,Bo,r2\n",
        encoding="utf-8",
    )
    rows, problems = read_ledger(ledger, LEDGER_FILE)
    assert [row.transaction_id for row in rows] == ["patron:lampmaker/101"]
    assert [str(problem) for problem in problems] == [
        "ledger.csv:3:1: gross: a supporter row holds no money: its gross is 0, got '5.00'"
    ]
