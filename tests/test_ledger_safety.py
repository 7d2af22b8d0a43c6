"""The ledger loses nothing and says what it did (issue 20): exports that are no regular file,
too large, of another format or in an encoding that cannot be told; amounts and dates out of
bounds or ambiguous; two rows that tell one payment differently; cells a spreadsheet would run
as formulas; and a ledger that is never written unless it reads back."""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import HERO_SVG, REPOSITORY, campaign_yaml, invoke, site_yaml, write_site

from pledgekit.ledger import store
from pledgekit.ledger.amounts import local_amount, plain_amount
from pledgekit.ledger.bounds import Refused
from pledgekit.ledger.encodings import export_text
from pledgekit.ledger.importers import get_importer
from pledgekit.ledger.paypal import read_amount
from pledgekit.ledger.rows import Kind, LedgerRow, Status
from pledgekit.ledger.safe_csv import FORMULA_STARTS, PLAIN_NUMBER, neutralised, restored
from pledgekit.ledger.store import (
    COLUMNS,
    FIRST_COLUMNS,
    merge,
    parse_ledger,
    read_ledger,
    write_ledger,
)
from pledgekit.problems import ContentErrors
from pledgekit.validate.folder import validated_site

LEDGER = "content/campaigns/lamp/ledger.csv"
GENERIC_HEADER = "id,date,amount,currency,name,tier,processor\n"
LEDGER_HEADER = ",".join(COLUMNS) + "\n"
# Ledgers written before the fee, recurring and supporters columns, which still read.
FIRST_LEDGER_HEADER = ",".join(FIRST_COLUMNS) + "\n"
EXAMPLES = settings(max_examples=150, deadline=None, database=None)


def small_site(folder: Path, ledger: str | None = None, **campaign: object) -> Path:
    """A site with one campaign, lamp (in EUR, one tier 'lamp' of 120), and its ledger."""
    files = {
        "campaign.yaml": campaign_yaml(**campaign),
        "hero.svg": HERO_SVG,
        "story.md": "A lamp.\n",
    }
    if ledger is not None:
        files["ledger.csv"] = ledger
    return write_site(folder / "content", site=site_yaml(), campaigns={"lamp": files})


def import_bytes(folder: Path, content: bytes | str, *options: str, name: str = "export.csv"):
    """`pledgekit ledger import lamp <name>` run in `folder` (the site is ./content)."""
    if not (folder / "content").exists():
        small_site(folder)
    export = folder / name
    export.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return invoke("ledger", "import", "lamp", name, "--source", "content", *options, cwd=folder)


def errors(result) -> list[str]:
    """The problems a command printed (file:line:column: …), in order."""
    return [line for line in result.output.splitlines() if ".csv:" in line]


def ledger_rows(folder: Path) -> list[LedgerRow]:
    rows, problems = read_ledger(folder / LEDGER, LEDGER)
    assert problems == []
    return rows


def payment(**fields: object) -> LedgerRow:
    values: dict = {
        "processor": "generic",
        "transaction_id": "f1",
        "date": datetime(2026, 11, 14, tzinfo=UTC),
        "kind": Kind.PAYMENT,
        "gross": Decimal("25.00"),
        "currency": "EUR",
    }
    return LedgerRow(**{**values, **fields})


# -- 14. Exports of another format, no regular file, too large ------------------------------

MISSING = {
    "stripe": "missing column(s): id, Created date (UTC) or Created (UTC), Amount, Currency, Status",
    "paypal": "missing column(s): Transaction ID, Gross, Currency, Date, Time, TimeZone or Time Zone",
    "generic": "missing column(s): id, date, amount, currency",
}
PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


@pytest.mark.parametrize("format_name", sorted(MISSING))
@pytest.mark.parametrize(
    "content", ["a,b\n1,2\n", PASSWD, ""], ids=["two-columns", "passwd", "empty"]
)
def test_a_file_of_another_format_names_every_missing_column(tmp_path, format_name, content):
    result = import_bytes(tmp_path, content, "--format", format_name)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert errors(result) == [f"export.csv:1:1: {MISSING[format_name]}"]
    assert not (tmp_path / LEDGER).exists()


def run_cli(*args: str, cwd: Path, seconds: float = 60) -> subprocess.CompletedProcess:
    """The command in its own process, with a time limit and at most 2 GB of memory: an
    import that reads /dev/zero or a named pipe fails the test instead of the machine."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "pledgekit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda path: path.symlink_to("/dev/zero"),
            "leads to /dev/zero, a character device, not a regular file: pledgekit reads only regular files",
        ),
        (
            lambda path: path.symlink_to("/dev/urandom"),
            "leads to /dev/urandom, a character device, not a regular file: pledgekit reads only regular files",
        ),
        (
            lambda path: os.mkfifo(path),
            "a named pipe (FIFO), not a regular file: pledgekit reads only regular files",
        ),
    ],
    ids=["dev-zero", "dev-urandom", "fifo"],
)
def test_an_export_that_is_no_regular_file_is_refused_unread(tmp_path, make, message):
    small_site(tmp_path)
    make(tmp_path / "export.csv")
    started = time.monotonic()
    done = run_cli("ledger", "import", "lamp", "export.csv", "--source", "content", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[0] == f"export.csv:1:1: {message}"


def test_an_export_over_the_limit_is_refused_before_it_is_read(tmp_path):
    small_site(tmp_path)
    with open(tmp_path / "export.csv", "wb") as export:
        export.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no room
    started = time.monotonic()
    done = run_cli("ledger", "import", "lamp", "export.csv", "--source", "content", cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[0] == (
        "export.csv:1:1: file is too large (209715200 bytes; the limit is 16 MB)"
    )


def test_a_ledger_that_would_pass_the_build_limit_is_not_written(tmp_path, monkeypatch):
    """The same limit as the build's: what the import writes, the next build reads."""
    from pledgekit.load import content

    assert store.MAX_FILE_BYTES == content.MAX_FILE_BYTES == 16 * 1024 * 1024
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 2_000)
    rows = "".join(f"f{number},2026-11-14,5,EUR,,,\n" for number in range(40))
    result = import_bytes(tmp_path, GENERIC_HEADER + rows)
    assert errors(result) == [
        f"{LEDGER}:1:1: the ledger would grow to 2,594 bytes, past the 2,000 bytes a build reads; nothing was written"
    ]
    assert not (tmp_path / LEDGER).exists()


# -- 11. Encodings --------------------------------------------------------------------------

LATIN = "id,date,amount,currency,name\nf1,2026-11-14,139,EUR,Zoé\n"
WINDOWS = "id,date,amount,currency,name\nf1,2026-11-14,139,EUR,Zoé\nf2,2026-11-14,5,EUR,“Ana” – €\n"
NOT_UTF8 = (
    "it looks like Windows-1252 or Latin-1 (what spreadsheets on Windows save as 'CSV'), in "
    "which it reads {word!r}; import it with --encoding cp1252, or save it as 'CSV UTF-8'"
)


@pytest.mark.parametrize(
    "text, encoding, where, byte, word",
    [
        (LATIN, "latin-1", "2:25", "0xE9", "Zoé"),
        (LATIN, "cp1252", "2:25", "0xE9", "Zoé"),
        (WINDOWS, "cp1252", "2:25", "0xE9", "Zoé"),
        (
            "id,date,amount,currency,name\nf1,2026-11-14,5,EUR,“Ana”\n",
            "cp1252",
            "2:21",
            "0x93",
            "“Ana”",
        ),
    ],
)
def test_an_export_in_a_legacy_encoding_is_refused_naming_it(
    tmp_path, text, encoding, where, byte, word
):
    result = import_bytes(tmp_path, text.encode(encoding))
    assert errors(result) == [
        f"export.csv:{where}: not UTF-8 text: byte {byte} cannot be read as UTF-8; "
        + NOT_UTF8.format(word=word)
    ]
    assert not (tmp_path / LEDGER).exists()


def test_an_encoding_named_keeps_every_letter(tmp_path):
    result = import_bytes(tmp_path, WINDOWS.encode("cp1252"), "--encoding", "cp1252")
    assert result.exit_code == 0, result.output
    assert sorted(row.backer for row in ledger_rows(tmp_path)) == ["Zoé", "“Ana” – €"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_byte_order_marks_and_utf16_are_told(tmp_path, encoding):
    result = import_bytes(tmp_path, WINDOWS.encode(encoding))
    assert result.exit_code == 0, result.output
    assert sorted(row.backer for row in ledger_rows(tmp_path)) == ["Zoé", "“Ana” – €"]


@pytest.mark.parametrize(
    "content, options, message",
    [
        (
            "id,date,amount,currency,name\nf1,2026-11-14,139,EUR,Zo\ufffd\n".encode(),
            (),
            "export.csv:2:25: the file holds U+FFFD, the replacement character: a letter was lost "
            "before pledgekit read it (a program that could not read the file's encoding); export the file again",
        ),
        (
            LATIN.encode("latin-1"),
            ("--encoding", "utf-8"),
            "export.csv:2:25: not utf-8 text: byte 0xE9 cannot be read as utf-8",
        ),
        (
            LATIN.encode("latin-1").replace(b"\xe9", b"\x81"),
            ("--encoding", "cp1252"),
            "export.csv:2:25: not cp1252 text: byte 0x81 cannot be read as cp1252",
        ),
        (
            LATIN.encode("utf-8-sig"),
            ("--encoding", "cp1252"),
            "export.csv:1:1: the file starts with a UTF-8 byte-order mark, but --encoding says cp1252",
        ),
        (
            b"id,date,amount,currency,name\nf1,2026-11-14,139,EUR,\x00\xff\x00\n",
            (),
            "export.csv:2:24: not UTF-8 text: byte 0xFF cannot be read as UTF-8; the file holds "
            "zero bytes: it is no text file, or UTF-16 or UTF-32 without a byte-order mark; save it as 'CSV UTF-8'",
        ),
    ],
    ids=["replacement-character", "utf-8-named", "cp1252-named", "mark-and-name", "binary"],
)
def test_what_does_not_read_in_its_encoding_is_refused_where_it_stops(
    tmp_path, content, options, message
):
    result = import_bytes(tmp_path, content, *options)
    assert errors(result) == [message]
    assert not (tmp_path / LEDGER).exists()


def test_an_unknown_encoding_name_is_a_usage_error(tmp_path):
    result = import_bytes(tmp_path, LATIN, "--encoding", "klingon")
    assert result.exit_code == 2
    assert "no such encoding 'klingon' (e.g. cp1252, latin-1, utf-16)" in result.output


@EXAMPLES
@given(
    # A CSV starts with no zero character: after UTF-16's mark, one would read as UTF-32's.
    st.text().filter(lambda text: "\ufffd" not in text and not text.startswith("\x00")),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_any_text_in_a_told_encoding_reads_back_exactly(text, encoding):
    assert export_text(text.encode(encoding), "export.csv") == text.removeprefix("\ufeff")


@EXAMPLES
@given(st.binary(max_size=300), st.sampled_from([None, "cp1252", "latin-1", "utf-16", "shift_jis"]))
@example(b"Zo\xe9", None)
@example(b"\xff\xfeZ\x00o\x00\xe9", None)
def test_any_bytes_read_as_text_without_replacement_characters_or_a_located_refusal(data, encoding):
    try:
        text = export_text(data, "export.csv", encoding)
    except ContentErrors as error:
        [problem] = error.problems
        assert problem.file == "export.csv" and problem.line >= 1 and problem.column >= 1
        assert problem.line <= data.count(b"\n") + 1
        return
    assert "\ufffd" not in text


# -- 12. Amounts that fit their currency, separators never guessed -------------------------

AMBIGUOUS = (
    "{text!r} is ambiguous: {decimal} with {separator!r} as the decimal point, or {thousands} "
    "with {separator!r} between thousands; write it without thousands separators, with '.' "
    "before the decimals ({rule})"
)
TWO_PLACES = "EUR amounts have at most 2 decimal places"


@pytest.mark.parametrize(
    "text, currency, amount",
    [
        ("25", "EUR", "25"),
        ("25.50", "EUR", "25.50"),
        ("1,250.00", "EUR", "1250.00"),
        ("1,250", "EUR", "1250"),  # ',' groups thousands in these exports
        ("3125.00", "USD", "3125.00"),
        ("1.250", "KWD", "1.250"),  # three decimal places: the point is a decimal point
        ("25.00", "JPY", "25"),
        ("1,250", "JPY", "1250"),
        ("-12.50", "EUR", "-12.50"),
        ("1000000000000", "EUR", "1000000000000"),
    ],
)
def test_plain_amounts_that_read_one_way(text, currency, amount):
    assert plain_amount(text, currency) == Decimal(amount)


@pytest.mark.parametrize(
    "text, currency, message",
    [
        ("1.250", "EUR", AMBIGUOUS.format(text="1.250", decimal="1.250", thousands="1250", separator=".", rule=TWO_PLACES)),
        ("10.999", "EUR", AMBIGUOUS.format(text="10.999", decimal="10.999", thousands="10999", separator=".", rule=TWO_PLACES)),
        ("-1.250", "USD", AMBIGUOUS.format(text="-1.250", decimal="-1.250", thousands="-1250", separator=".", rule="USD amounts have at most 2 decimal places")),
        ("1.250", "JPY", AMBIGUOUS.format(text="1.250", decimal="1.250", thousands="1250", separator=".", rule="JPY amounts are whole numbers")),
        ("1,250", "KWD", AMBIGUOUS.format(text="1,250", decimal="1.250", thousands="1250", separator=",", rule="KWD amounts have at most 3 decimal places")),
        ("5.5", "JPY", "JPY amounts are whole numbers, got '5.5'"),
        ("1.2345", "EUR", "EUR amounts have at most 2 decimal places, got '1.2345'"),
        ("0.001", "USD", "USD amounts have at most 2 decimal places, got '0.001'"),
        ("1000000000000.01", "EUR", "amounts are at most 1,000,000,000,000, got '1000000000000.01'"),
        ("9" * 5000, "EUR", f"amounts are at most 1,000,000,000,000, got '{'9' * 40}'… (5,000 characters)"),
        ("1,25", "EUR", "cannot read the amount '1,25'"),
        ("1e3", "EUR", "cannot read the amount '1e3'"),
        ("NaN", "EUR", "cannot read the amount 'NaN'"),
    ],
)  # fmt: skip
def test_plain_amounts_refused_with_both_readings_or_the_rule(text, currency, message):
    with pytest.raises(Refused) as refused:
        plain_amount(text, currency)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "text, currency, amount",
    [
        ("1,250.00", "USD", "1250.00"),
        ("1.234,56", "EUR", "1234.56"),
        ("1.250", "EUR", "1250"),  # PayPal writes cents: three digits after one mark are thousands
        ("1,250", "JPY", "1250"),
        ("1.250", "JPY", "1250"),
        ("-25,00", "EUR", "-25.00"),
    ],
)
def test_localised_amounts(text, currency, amount):
    assert local_amount(text, currency, read_amount) == Decimal(amount)


@pytest.mark.parametrize(
    "text, currency, message",
    [
        ("12,50", "JPY", "JPY amounts are whole numbers, got '12,50'"),
        ("1.250", "KWD", AMBIGUOUS.format(text="1.250", decimal="1.250", thousands="1250", separator=".", rule="KWD amounts have at most 3 decimal places")),
        ("1 000 000 000 000,01", "EUR", "amounts are at most 1,000,000,000,000, got '1 000 000 000 000,01'"),
    ],
)  # fmt: skip
def test_localised_amounts_refused(text, currency, message):
    with pytest.raises(Refused) as refused:
        local_amount(text, currency, read_amount)
    assert str(refused.value) == message


def test_the_issues_amounts_are_refused_at_their_lines(tmp_path):
    export = (
        "id,date,amount,currency\n"
        "f1,2026-11-14,1.250,EUR\n"
        "f2,2026-11-14,10.999,EUR\n"
        "f3,2026-11-14,5.5,JPY\n"
        f"f4,2026-11-14,{'9' * 5000},EUR\n"
    )
    result = import_bytes(tmp_path, export)
    assert errors(result) == [
        "export.csv:2:1: amount: "
        + AMBIGUOUS.format(
            text="1.250", decimal="1.250", thousands="1250", separator=".", rule=TWO_PLACES
        ),
        "export.csv:3:1: amount: "
        + AMBIGUOUS.format(
            text="10.999", decimal="10.999", thousands="10999", separator=".", rule=TWO_PLACES
        ),
        "export.csv:4:1: amount: JPY amounts are whole numbers, got '5.5'",
        f"export.csv:5:1: amount: amounts are at most 1,000,000,000,000, got '{'9' * 40}'… (5,000 characters)",
    ]
    assert not (tmp_path / LEDGER).exists()


CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "KWD", "HUF", "CLF"])


@st.composite
def fitting_amounts(draw) -> tuple[Decimal, str]:
    """An amount its currency can hold, of at most 10^12."""
    currency = draw(CURRENCIES)
    from pledgekit.ledger.bounds import currency_places

    places = currency_places(currency)
    units = draw(st.integers(min_value=0, max_value=10**12 * 10**places))
    return Decimal(units).scaleb(-places), currency


def spellings(amount: Decimal, places: int) -> list[str]:
    """How exports write an amount: plain, grouped, with or without trailing zeros, in the
    English and the continental styles."""
    exact = f"{amount:.{places}f}"
    whole, _, fraction = exact.partition(".")
    grouped = f"{int(whole):,}"
    written = [exact, f"{amount.normalize():f}", grouped + (f".{fraction}" if fraction else "")]
    continental = grouped.replace(",", ".") + (f",{fraction}" if fraction else "")
    return [*written, continental, grouped.replace(",", " ") + (f",{fraction}" if fraction else "")]


@EXAMPLES
@given(fitting_amounts())
@example((Decimal("1250"), "EUR"))
@example((Decimal("1.25"), "KWD"))
@example((Decimal("1250"), "JPY"))
def test_an_amount_reads_as_itself_or_is_refused_never_as_another(case):
    """Whatever style writes it, an amount reads back as itself, or is refused (ambiguous,
    not the reader's style): never 1.25 for 1250."""
    amount, currency = case
    from pledgekit.ledger.bounds import currency_places

    for text in spellings(amount, currency_places(currency)):
        for reader in (
            lambda text: plain_amount(text, currency),
            lambda text: local_amount(text, currency, read_amount),
        ):
            try:
                read = reader(text)
            except Refused:
                continue
            assert read == amount, (text, currency, read)


# -- 13. Dates out of range ---------------------------------------------------------------

OUT_OF_RANGE = "the date {text!r} is out of range: payments are dated from 2000 to 2099"


@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31T23:59:59-12:00",  # past what UTC can hold: OverflowError before
        "0001-01-01T00:00:00+14:00",
        "0001-01-01",
        "1999-12-31T23:59:59Z",
        "2100-01-01",
        "2099-12-31T23:30:00-01:00",  # 2100 in UTC
    ],
)
def test_dates_out_of_range_are_refused_at_import(tmp_path, text):
    result = import_bytes(tmp_path, f"id,date,amount,currency\nf1,{text},25,EUR\n")
    assert "Traceback" not in result.output
    assert errors(result) == [f"export.csv:2:1: date: {OUT_OF_RANGE.format(text=text)}"]
    assert not (tmp_path / LEDGER).exists()


def test_dates_out_of_range_in_stripe_and_paypal_exports():
    stripe = get_importer("stripe")
    header = ["id", "Created (UTC)", "Amount", "Currency", "Status"]
    result = stripe.read(
        header, [(2, ["ch_1", "9999-12-31 23:59:59-12:00", "5.00", "eur", "Paid"])], "s.csv"
    )
    assert [str(problem) for problem in result.problems] == [
        "s.csv:2:1: Created (UTC): " + OUT_OF_RANGE.format(text="9999-12-31 23:59:59-12:00")
    ]
    paypal = get_importer("paypal")
    header = [
        "Date",
        "Time",
        "TimeZone",
        "Type",
        "Status",
        "Currency",
        "Gross",
        "Transaction ID",
        "Balance Impact",
    ]
    row = [
        "12/31/9999",
        "23:59:59",
        "PST",
        "Donation Payment",
        "Completed",
        "USD",
        "5.00",
        "T1",
        "Credit",
    ]
    result = paypal.read(header, [(2, row)], "p.csv")
    assert [str(problem) for problem in result.problems] == [
        "p.csv:2:1: Date: " + OUT_OF_RANGE.format(text="12/31/9999 23:59:59")
    ]


def test_a_ledger_out_of_bounds_is_a_located_error_for_the_build(tmp_path):
    ledger = FIRST_LEDGER_HEADER + (
        "generic,f1,0001-01-01T00:00:00Z,payment,25,EUR,0,paid,,,,\n"
        f"generic,f2,2026-11-14T00:00:00Z,payment,{'9' * 5000},EUR,0,paid,,,,\n"
        "generic,f3,9999-12-31T23:59:59-12:00,payment,25,EUR,0,paid,,,,\n"
        "generic,f4,2026-11-14T00:00:00Z,payment,NaN,EUR,0,paid,,,,\n"
        "generic,f5,2026-11-14T00:00:00Z,payment,5.5,JPY,0,paid,,,,\n"
        "generic,f6,2026-11-14T00:00:00Z,payment,25,EUR,25.001,paid,,,,\n"
    )
    site = small_site(tmp_path, ledger)
    with pytest.raises(ContentErrors) as raised:
        validated_site(site)
    ledger_problems = [str(p) for p in raised.value.problems if "ledger.csv" in p.file]
    assert [problem.split("ledger.csv")[1] for problem in ledger_problems] == [
        ":2:1: date: " + OUT_OF_RANGE.format(text="0001-01-01T00:00:00Z"),
        f":3:1: gross: amounts are at most 1,000,000,000,000, got '{'9' * 40}'… (5,000 characters)",
        ":4:1: date: " + OUT_OF_RANGE.format(text="9999-12-31T23:59:59-12:00"),
        ":5:1: gross: cannot read the amount 'NaN'",
        ":6:1: gross: JPY amounts are whole numbers, got '5.5'",
        ":7:1: refunded: EUR amounts have at most 2 decimal places, got '25.001'",
    ]


def test_nothing_is_written_that_does_not_read_back(tmp_path):
    ledger = tmp_path / "ledger.csv"
    with pytest.raises(ContentErrors) as raised:
        write_ledger(ledger, [payment(date=datetime(1999, 12, 31, tzinfo=UTC))], "ledger.csv")
    assert [str(problem) for problem in raised.value.problems] == [
        "ledger.csv:2:1: date: "
        + OUT_OF_RANGE.format(text="1999-12-31T00:00:00Z")
        + ": would not read back, so nothing was written"
    ]
    with pytest.raises(ContentErrors) as raised:
        write_ledger(ledger, [payment(gross=Decimal("1e13"))], "ledger.csv")
    assert [str(problem) for problem in raised.value.problems] == [
        "ledger.csv:2:1: gross: amounts are at most 1,000,000,000,000, got '10000000000000': "
        "would not read back, so nothing was written"
    ]
    assert not ledger.exists()


moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
)


@EXAMPLES
@given(moments | st.datetimes(timezones=st.none()))
@example(datetime.fromisoformat("9999-12-31T23:59:59-12:00"))
@example(datetime.fromisoformat("0001-01-01T00:00:00+14:00"))
def test_any_date_is_imported_within_bounds_and_reads_back_or_refused(tmp_path_factory, moment):
    text = moment.isoformat()
    result = get_importer("generic").read(
        ["id", "date", "amount", "currency"], [(2, ["f1", text, "25", "EUR"])], "export.csv"
    )
    if result.problems:
        assert [str(problem) for problem in result.problems] == [
            f"export.csv:2:1: date: {OUT_OF_RANGE.format(text=text)}"
        ]
        return
    ledger = tmp_path_factory.mktemp("dates") / "ledger.csv"
    write_ledger(ledger, result.rows)
    assert read_ledger(ledger, "ledger.csv") == (result.rows, [])


# -- 7 (the ledger's part). Huge amounts at import -----------------------------------------


def test_a_huge_amount_in_any_importer_is_refused_located():
    huge = "9" * 5000
    shown = f"'{'9' * 40}'… (5,000 characters)"
    stripe = get_importer("stripe").read(
        ["id", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Status"],
        [(2, ["ch_1", "2026-11-04 09:12", huge, "0", "eur", "Paid"]),
         (3, ["ch_2", "2026-11-04 09:12", "5.00", huge, "eur", "Paid"])],
        "s.csv",
    )  # fmt: skip
    assert [str(problem) for problem in stripe.problems] == [
        f"s.csv:2:1: Amount: amounts are at most 1,000,000,000,000, got {shown}",
        f"s.csv:3:1: Amount Refunded: amounts are at most 1,000,000,000,000, got {shown}",
    ]
    header = [
        "Date",
        "Time",
        "TimeZone",
        "Type",
        "Status",
        "Currency",
        "Gross",
        "Transaction ID",
        "Balance Impact",
    ]
    row = [
        "11/04/2026",
        "10:00:00",
        "PST",
        "Donation Payment",
        "Completed",
        "USD",
        huge,
        "T1",
        "Credit",
    ]
    paypal = get_importer("paypal").read(header, [(2, row)], "p.csv")
    assert [str(problem) for problem in paypal.problems] == [
        f"p.csv:2:1: Gross: amounts are at most 1,000,000,000,000, got {shown}"
    ]


# -- 9. Two rows that tell one payment differently -----------------------------------------

ONE_AMOUNT = "a payment's amount never changes, so one of them is wrong"


def test_the_same_id_with_another_amount_in_one_file_names_both_lines(tmp_path):
    export = (
        "id,date,amount,currency\nf1,2026-11-14,5,EUR\nf2,2026-11-14,9,EUR\nf1,2026-11-15,6,EUR\n"
    )
    result = import_bytes(tmp_path, export)
    assert errors(result) == [
        f"export.csv:4:1: transaction 'f1' has the amount 6 EUR here but 5 EUR on line 2; {ONE_AMOUNT}"
    ]
    assert not (tmp_path / LEDGER).exists()


def test_each_importer_refuses_one_payment_with_two_amounts():
    stripe = get_importer("stripe").read(
        ["id", "Created (UTC)", "Amount", "Currency", "Status"],
        [(2, ["ch_1", "2026-11-04 09:12", "5.00", "eur", "Paid"]),
         (3, ["ch_1", "2026-11-04 09:12", "5.00", "usd", "Paid"])],
        "s.csv",
    )  # fmt: skip
    assert [str(problem) for problem in stripe.problems] == [
        "s.csv:3:1: transaction 'ch_1' has the amount 5.00 USD here but 5.00 EUR on line 2; "
        "a payment's amount never changes, so one of them is wrong"
    ]
    header = [
        "Date",
        "Time",
        "TimeZone",
        "Type",
        "Status",
        "Currency",
        "Gross",
        "Transaction ID",
        "Reference Txn ID",
        "Balance Impact",
    ]
    rows = [
        (2, ["11/04/2026", "10:00:00", "PST", "Donation Payment", "Completed", "USD", "25.00", "T1", "", "Credit"]),
        (3, ["11/05/2026", "10:00:00", "PST", "Payment Refund", "Completed", "USD", "-5.00", "T2", "T1", "Debit"]),
        (4, ["11/06/2026", "10:00:00", "PST", "Payment Refund", "Completed", "USD", "-5.00", "T2", "T9", "Debit"]),
        (5, ["11/07/2026", "10:00:00", "PST", "Donation Payment", "Completed", "USD", "5.00", "T2", "", "Credit"]),
    ]  # fmt: skip
    paypal = get_importer("paypal").read(header, rows, "p.csv")
    assert [str(problem) for problem in paypal.problems] == [
        "p.csv:4:1: transaction 'T2' has the refunded payment 'T9' here but 'T1' on line 3; "
        "a payment's refunded payment never changes, so one of them is wrong",
        "p.csv:5:1: transaction 'T2' has the kind payment here but refund on line 3; "
        "a payment's kind never changes, so one of them is wrong",
    ]


def test_an_export_that_tells_a_ledger_payment_otherwise_changes_nothing(tmp_path):
    first = import_bytes(
        tmp_path, "id,date,amount,currency\nf1,2026-11-14,5,EUR\nf2,2026-11-14,9,EUR\n"
    )
    assert first.exit_code == 0, first.output
    before = (tmp_path / LEDGER).read_bytes()
    export = "id,date,amount,currency\nf3,2026-11-15,1,EUR\nf2,2026-11-14,7,EUR\n"
    second = import_bytes(tmp_path, export, name="later.csv")
    assert errors(second) == [
        f"later.csv:3:1: transaction 'f2' has the amount 7 EUR here but 9 EUR in {LEDGER}:3; {ONE_AMOUNT}"
    ]
    assert (tmp_path / LEDGER).read_bytes() == before


def test_a_later_state_of_a_payment_updates_it_as_documented(tmp_path):
    """docs/ledger.md: a later export may move a payment on (pending to paid, a refund, a
    dispute's outcome), date it later (PayPal's cleared row) or fill in its tier: merged."""
    first = "id,date,amount,currency,status\nf1,2026-11-14,50,EUR,pending\n"
    assert import_bytes(tmp_path, first).exit_code == 0
    later = "id,date,amount,currency,status,refunded,tier\nf1,2026-11-20,50,EUR,paid,10,lamp\n"
    result = import_bytes(tmp_path, later, name="later.csv")
    assert result.exit_code == 0, result.output
    assert (
        "  ~ generic f1 2026-11-14 50 EUR paid refunded 10 tier lamp (was pending, refunded 0)"
        in result.output
    )
    [row] = ledger_rows(tmp_path)
    assert (row.status, row.refunded, row.tier, row.date.day) == (Status.PAID, 10, "lamp", 14)


def test_a_ledger_that_holds_a_payment_twice_is_an_error_at_both_lines(tmp_path):
    ledger = FIRST_LEDGER_HEADER + (
        "generic,f1,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,\n"
        "generic,f2,2026-11-14T00:00:00Z,payment,5,EUR,0,paid,,,,\n"
        "generic,f1,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,\n"
    )
    rows, problems = parse_ledger(ledger, "ledger.csv")
    assert [row.transaction_id for row in rows] == ["f1", "f2"]
    assert [str(problem) for problem in problems] == [
        "ledger.csv:4:1: transaction_id: transaction 'f1' of generic is also on line 2; a ledger holds each payment once"
    ]


rows_of_one_payment = st.builds(
    payment,
    date=st.sampled_from([datetime(2026, 11, day, tzinfo=UTC) for day in (1, 2, 3)]),
    kind=st.sampled_from([Kind.PAYMENT, Kind.REFUND]),  # a reported TOTAL: see below
    gross=st.sampled_from([Decimal("5"), Decimal("5.00"), Decimal("6")]),
    currency=st.sampled_from(["EUR", "USD"]),
    refunded=st.sampled_from([Decimal(0), Decimal(2)]),
    status=st.sampled_from(list(Status)),
    refers_to=st.sampled_from(["", "T1"]),
    tier=st.sampled_from(["", "lamp", "spares"]),
)


@EXAMPLES
@given(st.lists(rows_of_one_payment, min_size=1, max_size=6), st.randoms())
def test_rows_of_one_payment_merge_in_any_order_or_conflict_never_silently(rows, random):
    """Each row after the first is merged (the same ledger whatever the order) or reported as
    a conflict; a row is never dropped without a word."""
    merged, changes = merge([], rows)
    shuffled = list(rows)
    random.shuffle(shuffled)
    again, changes_again = merge([], shuffled)
    total = len(changes.added) + len(changes.updated) + changes.unchanged + len(changes.conflicts)
    assert total == len(rows)
    conflicting = any(row.conflict_with(other) for row in rows for other in rows)
    assert bool(changes.conflicts) == conflicting == bool(changes_again.conflicts)
    if not conflicting:
        assert merged == again


readings_of_one_total = st.lists(
    st.tuples(st.sampled_from([Decimal("5.00"), Decimal("6.00")]), st.sampled_from([3, 4])),
    min_size=1,
    max_size=6,
)


@EXAMPLES
@given(readings_of_one_total)
def test_readings_of_a_reported_total_keep_the_latest_figure_and_when_it_was_first_read(readings):
    """A processor's reported total read again and again (day by day, as syncs read it): the
    ledger holds the last figure, dated by the first reading of the run of equal figures that
    ends the sequence; a reading that repeats the held figure changes nothing."""
    held: list[LedgerRow] = []
    for day, (gross, supporters) in enumerate(readings, start=1):
        date = datetime(2026, 11, day, tzinfo=UTC)
        reading = payment(transaction_id="total:fund", kind=Kind.TOTAL, gross=gross, date=date)
        reading = replace(reading, supporters=supporters)
        before = list(held)
        held, changes = merge(held, [reading])
        assert not changes.conflicts
        repeated = bool(before) and (before[0].gross, before[0].supporters) == (gross, supporters)
        assert changes.unchanged == int(repeated)
    [total] = held
    last = readings[-1]
    first_of_run = len(readings)
    while first_of_run > 1 and readings[first_of_run - 2] == last:
        first_of_run -= 1
    assert (total.gross, total.supporters, total.date.day) == (*last, first_of_run)


# -- 10. Cells a spreadsheet would run -------------------------------------------------------

HOSTILE = [
    "=HYPERLINK(\"https://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
    "'=already", "''", "'", "＝1", "=", "-", "-12.50", "12", "'plain", "ordinary",
]  # fmt: skip


@EXAMPLES
@given(st.one_of(st.text(), st.sampled_from(HOSTILE)))
def test_neutralised_cells_never_start_a_formula_and_read_back(cell):
    written = neutralised(cell)
    assert restored(written) == cell
    assert PLAIN_NUMBER.fullmatch(written) or written[:1] not in FORMULA_STARTS


def assert_no_formula(text: str) -> int:
    """Every cell of CSV text is a plain number or starts with no formula sign; the count."""
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    for cell in cells:
        assert PLAIN_NUMBER.fullmatch(cell) or cell[:1] not in FORMULA_STARTS, repr(cell)
    return len(cells)


def test_every_csv_pledgekit_writes_runs_no_formula_and_the_ledger_reads_back(tmp_path):
    rows = []
    for number, text in enumerate(HOSTILE):
        # a cell of every kind the ledger keeps from an export: id, name, processor (a tier
        # is kept only as the id of one of the campaign's tiers)
        rows.append([f"{text}{number}", "2026-11-14", "25", "EUR", text, "", text or "generic"])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["id", "date", "amount", "currency", "name", "tier", "processor"], *rows]
    )
    small_site(tmp_path, funding="all_or_nothing", goal=20000)
    result = import_bytes(tmp_path, buffer.getvalue())
    assert result.exit_code == 0, result.output
    ledger_text = (tmp_path / LEDGER).read_text(encoding="utf-8")
    assert assert_no_formula(ledger_text) == len(COLUMNS) * (len(HOSTILE) + 1)
    read = {(row.processor, row.transaction_id, row.backer) for row in ledger_rows(tmp_path)}
    # Cells are read without the spaces around them (a tab, a carriage return) as always.
    assert read == {
        (text.strip() or "generic", f"{text}{number}".strip(), text.strip())
        for number, text in enumerate(HOSTILE)
    }
    refunds = invoke(
        "ledger",
        "refunds",
        "lamp",
        "--source",
        "content",
        "--now",
        "2027-02-01T00:00:00+00:00",
        cwd=tmp_path,
    )
    assert refunds.exit_code == 0, refunds.output
    assert assert_no_formula(refunds.output) == 5 * (len(HOSTILE) + 1)
    assert "-12.50," in refunds.output  # a plain number stays a number


def test_every_csv_writer_goes_through_the_one_helper():
    """A new CSV writer elsewhere would skip the neutralising: csv.writer only in safe_csv."""
    writers = [
        path.relative_to(REPOSITORY).as_posix()
        for path in (REPOSITORY / "generator").rglob("*.py")
        if any(
            word in path.read_text(encoding="utf-8")
            for word in ("csv.writer", "DictWriter", "writerow")
        )
    ]
    assert writers == ["generator/ledger/safe_csv.py"]
