"""Supporters (issue 21): the backers who chose to be named (the ledger's `backer` column),
listed on a supporters/ page per language (noindex, not in the sitemap) and only there: the
campaign page says how many chose to be named and how many gave without a name, and links to
it; names hidden on request (campaign.yaml's supporters.hide) never appear in any file the
build writes, and are counted as anonymous."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from support import (
    FIXED_NOW,
    HERO_SVG,
    REPOSITORY,
    campaign_yaml,
    parse_html,
    site_yaml,
    write_site,
)

from pledgekit.backer_names import MAX_NAME_CHARACTERS, name_key, shown_name
from pledgekit.build import Preview, build
from pledgekit.ledger.rows import Kind, LedgerRow, Status
from pledgekit.model.campaign import Supporters
from pledgekit.problems import ContentErrors
from pledgekit.supporters import supporters_view

HEADER = (
    "processor,transaction_id,date,kind,gross,currency,refunded,status,refers_to,tier,backer,"
    "backer_ref\n"
)
START = datetime(2026, 11, 2, tzinfo=UTC)
SCRIPT_NAME = "<script>alert(1)</script>"
ARABIC_NAME = "مريم الحسيني"
HIDDEN_NAME = "Élodie Durand"  # hidden by "  elodie DURAND " in the hide list


def row(number: int, date: datetime, name: str = "", ref: str = "", **columns: str) -> str:
    values = {"gross": "25.00", "refunded": "0", "status": "paid", **columns}
    return (
        f"generic,T{number:03},{date:%Y-%m-%dT%H:%M:%SZ},payment,{values['gross']},EUR,"
        f"{values['refunded']},{values['status']},,,{name},{ref or f'ref{number:03}'}\n"
    )


def ledger() -> str:
    """27 named backers an hour apart, then a name with <script>, an Arabic name, a backer who
    gave twice (under two names), a hidden name, a payment refunded in full and a pending one
    (both named: neither is shown nor counted), and 10 backers who gave no name. 41 backers
    count: 30 are shown by name, 11 are anonymous (the 10 and the hidden one)."""
    rows = [
        row(number, START + timedelta(hours=number), f"Backer {number:02}")
        for number in range(1, 28)
    ]
    rows += [
        row(28, datetime(2026, 11, 10, tzinfo=UTC), SCRIPT_NAME),
        row(29, datetime(2026, 11, 11, tzinfo=UTC), ARABIC_NAME),
        row(30, datetime(2026, 11, 1, tzinfo=UTC), "R. Giver", ref="repeat"),
        row(31, datetime(2026, 11, 12, tzinfo=UTC), "Repeat Giver", ref="repeat"),
        row(32, datetime(2026, 11, 5, tzinfo=UTC), HIDDEN_NAME),
        row(33, datetime(2026, 11, 6, tzinfo=UTC), "Refunded Person", refunded="25.00"),
        row(34, datetime(2026, 11, 7, tzinfo=UTC), "Pending Person", status="pending"),
    ]
    rows += [row(40 + number, datetime(2026, 11, 3, 0, number, tzinfo=UTC)) for number in range(10)]
    return HEADER + "".join(rows)


HIDE = "{hide: ['  elodie DURAND ']}"
ALPHABETICAL = (
    [SCRIPT_NAME] + [f"Backer {n:02}" for n in range(1, 28)] + ["Repeat Giver", ARABIC_NAME]
)


def site_source(tmp_path: Path, *, ledger_text: str | None = None, **fields: object) -> Path:
    files: dict[str, str | bytes] = {
        "campaign.yaml": campaign_yaml(**{"supporters": HIDE, **fields}),
        "story.md": "A story.\n",
        "hero.svg": HERO_SVG,
        "ledger.csv": ledger() if ledger_text is None else ledger_text,
    }
    return write_site(tmp_path / "site", site=site_yaml(), campaigns={"lamp": files})


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site in English, French and Arabic, with the ledger above."""
    tmp_path = tmp_path_factory.mktemp("supporters")
    output = tmp_path / "output"
    build(site_source(tmp_path), output, FIXED_NOW, jobs=1)
    return output


def page(output: Path, language: str = "", path: str = "") -> object:
    return parse_html(output / language / "campaigns/lamp" / path / "index.html")


def text(element) -> str:
    return " ".join(element.get_text().split())


def test_the_section_counts_the_named_and_the_others_and_links_to_the_list(output):
    section = page(output).select_one("section#supporters")
    assert text(section.h2) == "Supporters"
    assert [text(paragraph) for paragraph in section.select("p")] == [
        "30 backers chose to be named.",
        "11 backers gave without being named.",
        "The list of supporters",
    ]
    assert section.select_one(".supporters__more a")["href"] == "supporters/index.html"
    nav = [link["href"] for link in page(output).select("nav.campaign__nav a")]
    assert nav[-2:] == ["#supporters", "#creator"]


def test_the_campaign_page_shows_no_name_in_any_language(output):
    # The campaign page is indexed and in the sitemap: a name on it removed later would stay
    # in a search engine's copy. The supporters/ page (noindex) alone lists them.
    for language in ["", "fr", "ar"]:
        document = page(output, language)
        assert document.select(".supporters__names, bdi") == []
        words = text(document.body)
        assert [name for name in ALPHABETICAL if name in words] == []
        listed = page(output, language, "supporters").select(".supporters__names li")
        assert [text(item) for item in listed] == ALPHABETICAL


def test_the_page_counts_every_backer_once(output):
    # 41 backers: the 30 named, the hidden one and the 10 without a name.
    backers = page(output).select_one(".stats__item dd[data-live=backers]")
    assert text(backers) == "41"


def test_names_are_text_each_isolated_in_bdi(output):
    listing = page(output, "ar", "supporters").select_one(".supporters__names")
    items = listing.select("li")
    assert all([child.name for child in item.children] == ["bdi"] for item in items)
    assert items[-1].bdi.string == ARABIC_NAME
    assert items[0].bdi.string == SCRIPT_NAME  # shown as the text it is
    assert listing.select("script") == []
    raw = (output / "campaigns/lamp/supporters/index.html").read_text(encoding="utf-8")
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in raw


def test_arabic_says_the_counts_in_their_plural_forms(output):
    section = page(output, "ar").select_one("section#supporters")
    assert text(section.h2) == "الداعمون"
    assert [text(paragraph) for paragraph in section.select("p")] == [
        "اختار 30 داعمًا أن تُذكر أسماؤهم.",
        "11 داعمًا قدّموا دعمهم دون ذكر أسمائهم.",
        "قائمة الداعمين",
    ]
    french = page(output, "fr").select_one("section#supporters")
    assert [text(paragraph) for paragraph in french.select("p")] == [
        "30 personnes ont choisi d’être nommées.",
        "11 personnes ont donné sans être nommées.",
        "La liste des soutiens",
    ]


def test_the_supporters_page_lists_every_name_alphabetically_in_each_language(output):
    for language, heading, said in [
        ("", "Supporters", "30 backers chose to be named."),
        ("fr", "Soutiens", "30 personnes ont choisi d’être nommées."),
        ("ar", "الداعمون", "اختار 30 داعمًا أن تُذكر أسماؤهم."),
    ]:
        document = page(output, language, "supporters")
        assert text(document.h1) == heading
        assert text(document.select_one(".supporters-page .lead")) == said
        names = [text(item) for item in document.select(".supporters__names li")]
        assert names == ALPHABETICAL
        assert document.select_one("meta[name=robots]")["content"] == "noindex"
        assert document.select_one(".breadcrumb a")["href"] == "../index.html"
    arabic = page(output, "ar", "supporters")
    assert arabic.html["dir"] == "rtl"
    assert text(arabic.select_one(".supporters__anonymous")) == (
        "11 داعمًا قدّموا دعمهم دون ذكر أسمائهم."
    )


def test_the_supporters_page_is_not_in_the_sitemap(output):
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "campaigns/lamp/" in sitemap
    assert "supporters" not in sitemap


def test_a_hidden_name_is_in_no_file_the_build_writes(output):
    forms = {
        HIDDEN_NAME,
        unicodedata.normalize("NFD", HIDDEN_NAME),
        "Elodie",
        "elodie",
        "Durand",
        "&#201;lodie",
        "\\u00c9lodie",  # as JSON would escape it
        "Refunded Person",
        "Pending Person",
        "R. Giver",  # the repeat backer's earlier name: their latest is shown
    }
    files = [path for path in output.rglob("*") if path.is_file()]
    assert len(files) > 40
    found = [
        f"{path.relative_to(output)}: {form}"
        for path in files
        for form in forms
        if form.encode() in path.read_bytes()
    ]
    assert found == []
    shown = [path for path in files if b"Backer 27" in path.read_bytes()]
    assert sorted(str(path.relative_to(output)) for path in shown) == [
        "ar/campaigns/lamp/supporters/index.html",
        "campaigns/lamp/supporters/index.html",
        "fr/campaigns/lamp/supporters/index.html",
    ]


def test_names_are_never_in_totals_json(output):
    totals = (output / "campaigns/lamp/totals.json").read_text(encoding="utf-8")
    assert "Backer" not in totals and '"backers": 41' in totals


def test_show_false_shows_no_section_and_no_page(tmp_path):
    output = tmp_path / "output"
    build(site_source(tmp_path, supporters="{show: false}"), output, FIXED_NOW, jobs=1)
    document = page(output)
    assert document.select("#supporters, a[href='#supporters']") == []
    assert not (output / "campaigns/lamp/supporters").exists()
    assert not any(b"Backer 01" in path.read_bytes() for path in output.rglob("*.html"))


def test_nothing_is_shown_when_no_backer_is_named(tmp_path):
    unnamed = HEADER + "".join(row(n, START + timedelta(hours=n)) for n in range(1, 4))
    output = tmp_path / "output"
    build(site_source(tmp_path, ledger_text=unnamed, supporters=None), output, FIXED_NOW, jobs=1)
    assert page(output).select("#supporters, a[href='#supporters']") == []
    assert not (output / "campaigns/lamp/supporters").exists()
    assert text(page(output).select_one("dd[data-live=backers]")) == "3"


def test_every_name_hidden_shows_nothing(tmp_path):
    named = HEADER + row(1, START, "Ann Lee") + row(2, START, " ANN  LÉE\t")
    output = tmp_path / "output"
    build(
        site_source(tmp_path, ledger_text=named, supporters="{hide: [ann lee]}"),
        output,
        FIXED_NOW,
        jobs=1,
    )
    assert page(output).select("#supporters") == []
    assert not any(
        b"Ann" in path.read_bytes() or b"ANN" in path.read_bytes()
        for path in output.rglob("*")
        if path.is_file()
    )


def test_a_draft_campaign_publishes_no_names(tmp_path):
    source = site_source(tmp_path, draft="true")
    output = tmp_path / "output"
    build(source, output, FIXED_NOW, jobs=1)
    assert not (output / "campaigns/lamp").exists()
    assert not any(
        b"Backer 01" in path.read_bytes() for path in output.rglob("*") if path.is_file()
    )
    preview = tmp_path / "preview"  # a local preview shows them, kept out of search engines
    build(source, preview, FIXED_NOW, jobs=1, preview=Preview(drafts=True))
    document = page(preview, "", "supporters")
    assert [meta["content"] for meta in document.select("meta[name=robots]")] == ["noindex"]


def test_the_page_follows_the_ledger_and_the_hide_list_between_builds(tmp_path):
    source = site_source(tmp_path, ledger_text=HEADER + row(1, START, "Ann Lee"))
    output = tmp_path / "output"
    build(source, output, FIXED_NOW, jobs=1)
    ledger_file = source / "campaigns/lamp/ledger.csv"
    ledger_file.write_text(ledger_file.read_text() + row(2, START + timedelta(days=1), "Bo Chen"))
    build(source, output, FIXED_NOW, jobs=1)
    names = [text(item) for item in page(output, "", "supporters").select(".supporters__names li")]
    assert names == ["Ann Lee", "Bo Chen"]
    campaign_file = source / "campaigns/lamp/campaign.yaml"
    campaign_file.write_text(campaign_file.read_text().replace("elodie DURAND", "ann lee"))
    build(source, output, FIXED_NOW, jobs=1)
    names = [text(item) for item in page(output, "", "supporters").select(".supporters__names li")]
    assert names == ["Bo Chen"]
    assert text(page(output).select_one(".supporters__anonymous")) == (
        "1 backer gave without being named."
    )
    assert not any(b"Ann Lee" in path.read_bytes() for path in output.rglob("*") if path.is_file())


def test_a_misspelt_key_is_located(tmp_path):
    source = site_source(tmp_path, supporters="{shw: false, hide: [ann, '']}")
    with pytest.raises(ContentErrors) as failure:
        build(source, None, FIXED_NOW, jobs=1)
    messages = [str(problem) for problem in failure.value.problems]
    assert messages == [
        "site/campaigns/lamp/campaign.yaml:16:14: supporters.shw: unknown key 'shw' (did you "
        "mean 'show'?)",
        "site/campaigns/lamp/campaign.yaml:16:38: supporters.hide[1]: must not be empty",
    ]


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("  Élodie   Durand ", "elodie durand"),
        ("ÉLODIE DURAND", "elodie durand"),
        ("E\u0301lodie Durand", "elodie durand"),  # the accent as a combining character
        ("Ｅｌｏｄｉｅ", "elodie"),  # full-width letters (NFKC)
        ("Straße", "strasse"),
        ("مريم", "مريم"),
        ("Zed Zebra\u200d", "zed zebra"),  # a joiner pasted at the end
        ("Amy\u200cAlpha", "amyalpha"),  # a non-joiner: 'AmyAlpha' to a reader
        ("\u2067Zed\u2069 \ufeffZebra\u00ad", "zed zebra"),  # isolates, BOM, soft hyphen
        ("می\u200cخواهم", "میخواهم"),
    ],
)
def test_names_match_the_hide_list_without_case_accents_blanks_or_invisible_characters(given, key):
    assert name_key(given) == key


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("  Ann \t Lee\n", "Ann Lee"),
        ("Ann\u202e Lee\u0007", "Ann Lee"),  # a bidi override and a bell removed
        ("\u2067مريم\u2069", "مريم"),  # isolates removed: the page's <bdi> isolates
        ("\u200b\u200f", ""),  # nothing visible is left: no name
        ("\u200d", ""),  # a lone joiner is no name either
        (" \u200c \u200d\t", ""),
        ("می\u200cخواهم", "می\u200cخواهم"),  # the non-joiner Persian spells with is kept
        ("👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧"),  # the joiner emoji are made of is kept
        ("x" * 100, "x" * (MAX_NAME_CHARACTERS - 1) + "…"),
    ],
)
def test_names_are_cleaned_and_bounded(given, shown):
    assert shown_name(given) == shown


def payment(number: int, name: str, ref: str, **fields: object) -> LedgerRow:
    values: dict = {
        "processor": "stripe",
        "transaction_id": f"cs_{number}",
        "date": START + timedelta(days=number),
        "kind": Kind.PAYMENT,
        "gross": Decimal("10.00"),
        "currency": "EUR",
        "backer": name,
        "backer_ref": ref,
        **fields,
    }
    return LedgerRow(**values)


def test_a_backer_is_named_once_with_their_latest_name_and_counted_when_the_totals_count():
    rows = [
        payment(1, "Ann", "a"),
        payment(3, "Ann Lee", "a"),
        payment(2, "", "a"),  # their other gifts need not carry the name
        payment(4, "Bo", "b", currency="USD"),  # no rate: not counted, not shown
        payment(5, "Cy", "c", status=Status.DISPUTED),  # a dispute open: not counted
        payment(6, "Di", "d", status=Status.WON),
        payment(7, "", "", transaction_id="cs_7"),
        payment(8, "", "", transaction_id="cs_8"),  # no backer_ref: one backer a payment
    ]
    view = supporters_view(Supporters(), rows, "EUR", {}, backers=4)
    assert view is not None
    assert view.newest == ("Di", "Ann Lee")
    assert view.anonymous == 2
    converted = supporters_view(Supporters(), rows, "EUR", {"USD": Decimal("0.9")}, backers=5)
    assert converted is not None and converted.newest == ("Di", "Bo", "Ann Lee")


def test_a_backer_who_gave_a_hidden_name_once_is_hidden_under_every_name():
    rows = [payment(1, "Ann Lee", "a"), payment(2, "A. L.", "a"), payment(3, "Bo", "b")]
    view = supporters_view(Supporters(hide=["ann lee"]), rows, "EUR", {}, backers=2)
    assert view is not None
    assert (view.newest, view.anonymous) == (("Bo",), 1)


def test_a_name_with_a_joiner_is_hidden_by_the_name_a_reader_sees():
    rows = [
        payment(1, "Zed Zebra\u200d", "z"),
        payment(2, "Amy\u200cAlpha", "a"),
        payment(3, "\u200d", "j"),  # only invisible characters: no name, anonymous
        payment(4, "Bo", "b"),
    ]
    hide = Supporters(hide=["zed zebra", "AmyAlpha"])
    view = supporters_view(hide, rows, "EUR", {}, backers=4)
    assert view is not None
    assert (view.newest, view.anonymous) == (("Bo",), 3)


def test_a_hidden_name_on_a_payment_that_does_not_count_hides_the_backer():
    rows = [
        payment(1, HIDDEN_NAME, "e", refunded=Decimal("10.00")),  # refunded in full
        payment(2, "Élodie D.", "e"),
        payment(3, "Ann Lee", "a", status=Status.PENDING),
        payment(4, "A. Lee", "a"),
        payment(5, "Bo", "b"),
    ]
    hide = Supporters(hide=["elodie durand", "ANN LEE"])
    view = supporters_view(hide, rows, "EUR", {}, backers=3)
    assert view is not None
    assert (view.newest, view.anonymous) == (("Bo",), 2)


def test_supporters_are_off_when_show_is_false_or_no_one_is_named():
    rows = [payment(1, "Ann", "a")]
    assert supporters_view(Supporters(show=False), rows, "EUR", {}, backers=1) is None
    assert supporters_view(Supporters(), [payment(1, "", "a")], "EUR", {}, backers=1) is None
    assert supporters_view(Supporters(), [], "EUR", {}, backers=0) is None


def test_the_example_in_content_md_builds_and_hides_the_name(tmp_path):
    guide = (REPOSITORY / "docs" / "content.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", guide.split("## Supporters", 1)[1], re.S).group(1)
    named = HEADER + row(1, START, "Élodie  DURAND") + row(2, START, "Bo Chen")
    source = site_source(tmp_path, ledger_text=named, supporters=None)
    campaign_file = source / "campaigns/lamp/campaign.yaml"
    campaign_file.write_text(campaign_file.read_text() + example, encoding="utf-8")
    output = tmp_path / "output"
    result = build(source, output, FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    listed = page(output, "", "supporters").select(".supporters__names li")
    assert [text(item) for item in listed] == ["Bo Chen"]
