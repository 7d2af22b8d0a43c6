"""Secret-shaped values in content or config fail the build at file:line, all at once, without
echoing the secret; publishable keys and payment links never do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import EXAMPLE, FIXED_NOW, FIXTURES, HERO_SVG, campaign_yaml, site_yaml, write_site

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.load.content import campaign_folders
from pledgekit.problems import ContentErrors
from pledgekit.validate.secrets import find_secrets, scan_folder, site_secrets

# Built from parts, so that this file is not itself a leak for scanners to report.
TAIL = "4eC39HqLyjWDarjtT1zdp7dc"
STRIPE_LIVE = "sk_" + "live_" + TAIL
STRIPE_TEST = "sk_" + "test_" + TAIL
RESTRICTED = "rk_" + "live_" + TAIL
RESTRICTED_TEST = "rk_" + "test_" + TAIL
WEBHOOK = "whsec_" + TAIL + "abcd"
GITHUB = {
    prefix: prefix + "_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    for prefix in ["ghp", "gho", "ghu", "ghs", "ghr"]
}
# A fine-grained token's real layout: 22 letters and digits, an underscore, 59 more.
GITHUB_PAT = (
    "github_pat_"
    + "11ABCDEFG0123456789ABC_"
    + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW"
)
PAYPAL_SECRET = (
    "EFq8" + "x7Yk2mZ9pQw3Rt5Uv1Ab4Cd6Ef8Gh0Ij2Kl4Mn6Op8Qr0St2Uv4Wx6Yz8Ab0Cd2Ef4Gh6Ij8Kl0Mn2"
)
BRAINTREE = (
    "access_token$production$" + "abcd1234efgh5678" + "$" + "0123456789abcdef0123456789abcdef"
)
PRIVATE_KEY = (
    "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
)


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        (f"key: {STRIPE_LIVE}", "Stripe secret key", "sk_live_…"),
        (f"key: {STRIPE_TEST}", "Stripe secret key", "sk_test_…"),
        (f"key: {RESTRICTED}", "Stripe restricted key", "rk_live_…"),
        (f"key: {RESTRICTED_TEST}", "Stripe restricted key", "rk_test_…"),
        (f"key: {WEBHOOK}", "Stripe webhook signing secret", "whsec_…"),
        *[(f"token: {token}", "GitHub token", token[:4] + "…") for token in GITHUB.values()],
        (f"token: {GITHUB_PAT}", "GitHub token", "github_pat_…"),
        (f"token: {BRAINTREE}", "PayPal (Braintree) access token", "access_token$…"),
        (f"client_secret: {PAYPAL_SECRET}", "client secret", "client_secret: …"),
        (f'  "paypal_secret": "{PAYPAL_SECRET}",', "client secret", "paypal_secret: …"),
        (f"SECRET={PAYPAL_SECRET}", "client secret", "SECRET: …"),
        (PRIVATE_KEY, "private key block", "-----BEGIN … PRIVATE KEY-----"),
        ("-----BEGIN " + "OPENSSH PRIVATE KEY-----", "private key block", "BEGIN … PRIVATE"),
        ("-----BEGIN " + "PRIVATE KEY-----", "private key block", "BEGIN … PRIVATE"),
    ],
)
def test_each_kind_of_secret_is_found_without_echoing_it(text, kind, shown):
    [problem] = find_secrets(f"title: A lamp\n\n{text}\n", "c.yaml")
    assert (problem.file, problem.line) == ("c.yaml", 3)
    assert kind in problem.message and shown in problem.message
    secret = "MIIEpAIBAAKCAQEA" if "PRIVATE" in text else text.split()[-1].strip('",')
    assert secret[-12:] not in problem.message


def test_the_column_is_where_the_secret_starts():
    [problem] = find_secrets(f"a: 1\ntiers: [{{note: {STRIPE_LIVE}}}]\n", "c.yaml")
    assert (problem.line, problem.column) == (2, 16)


@pytest.mark.parametrize(
    "text",
    [
        "pk_" + "live_" + TAIL,  # Stripe publishable keys are meant to be public
        "pk_" + "test_" + TAIL,
        "https://buy.stripe.com/" + "test_" + "6oE5lA0aB1cD2eF3gH",  # Payment Links
        "https://buy.stripe.com/" + "14k5mN7gH8iJ9kL0mN",
        "https://donate.stripe.com/" + "test_" + TAIL,
        "Never paste your sk_live_ key here; use a Payment Link.",  # prose about keys
        "client_secret: <paste it in your processor's dashboard, never here>",
        "client_id: AbCdEfGh0123456789-_AbCdEfGh0123456789-_AbCdEfGh0123456789",  # public
        "secret: a-surprise-for-every-backer-who-pledges-before-friday",  # no digits: prose
        "2. **Plan in secret.** Each keeper picks two actions on their keeper board.",
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "ghp_short",
        "task_live_" + TAIL,  # only whole prefixes
        "paypal_me: ines-martin",
    ],
)
def test_public_values_are_not_secrets(text):
    assert find_secrets(text + "\n", "c.yaml") == []


def test_the_example_site_and_the_fixture_sites_hold_no_secrets():
    for source in [EXAMPLE, *sorted(path.parent for path in FIXTURES.glob("*/site.yaml"))]:
        assert site_secrets(source) == [], source
        for folder in campaign_folders(source).values():
            assert scan_folder(folder, source) == [], folder


def secret_site(tmp_path: Path) -> Path:
    source = write_site(
        tmp_path / "site",
        site=site_yaml() + f"analytics_key: {GITHUB['ghp']}\n",
        campaigns={
            "lamp": {
                "campaign.yaml": campaign_yaml(tagline=f"Pay with {STRIPE_LIVE}"),
                "story.md": f"A lamp.\n\nOur key is {RESTRICTED}.\n",
                "campaign.fr.yaml": f"tagline: {STRIPE_TEST}\n",
                "updates/2026-11-20-news.md": f"---\ntitle: News\n---\n\nHook: {WEBHOOK}\n",
                "hero.svg": HERO_SVG.replace("</svg>", f"<!-- {GITHUB_PAT} --></svg>"),
                "notes.txt": f"paypal:\n  client_secret: {PAYPAL_SECRET}\n",
                "keys/deploy.pem": PRIVATE_KEY,
                # Private input, never published and written by `pledgekit ledger import`:
                "exports/paypal.csv": f"Name,Note\nA backer,{STRIPE_LIVE}\n",
                ".env": f"STRIPE_KEY={STRIPE_LIVE}\n",  # hidden: never read nor published
            }
        },
    )
    (source / "templates").mkdir()
    (source / "templates" / "base.html").write_text(f"{{# {GITHUB['gho']} #}}\n", "utf-8")
    (source / "static").mkdir()
    (source / "static" / "app.js").write_text(f"\nconst key = '{STRIPE_LIVE}';\n", "utf-8")
    return source


EXPECTED = [
    "campaigns/lamp/campaign.fr.yaml:1: Stripe secret key (sk_test_…)",
    "campaigns/lamp/campaign.yaml:2: Stripe secret key (sk_live_…)",
    "campaigns/lamp/hero.svg:1: GitHub token (github_pat_…)",
    "campaigns/lamp/keys/deploy.pem:1: private key block (-----BEGIN … PRIVATE KEY-----)",
    "campaigns/lamp/notes.txt:2: client secret (a PayPal or other API secret) (client_secret: …)",
    "campaigns/lamp/story.md:3: Stripe restricted key (rk_live_…)",
    "campaigns/lamp/updates/2026-11-20-news.md:5: Stripe webhook signing secret (whsec_…)",
    "site.yaml:7: GitHub token (ghp_…)",
    "static/app.js:2: Stripe secret key (sk_live_…)",
    "templates/base.html:1: GitHub token (gho_…)",
]


def secret_findings(problems, source: Path) -> list[str]:
    found = []
    for problem in problems:
        if "secrets must never be in content" not in problem.message:
            continue
        name = Path(problem.file).resolve().relative_to(source.resolve()).as_posix()
        what = problem.message.removeprefix("this looks like a ").split(";")[0]
        found.append(f"{name}:{problem.line}: {what}")
    return found


def test_the_build_reports_every_secret_at_once_and_writes_nothing(tmp_path, monkeypatch):
    source = secret_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentErrors) as caught:
        build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert secret_findings(caught.value.problems, source) == EXPECTED
    assert not (tmp_path / "out").exists()
    text = "\n".join(str(problem) for problem in caught.value.problems)
    for secret in [STRIPE_LIVE, RESTRICTED, WEBHOOK, GITHUB_PAT, PAYPAL_SECRET, GITHUB["ghp"]]:
        assert secret not in text and secret[-10:] not in text


def test_pledgekit_check_reports_them_with_file_and_line(tmp_path, monkeypatch):
    source = secret_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["check", "--source", str(source), "--now", FIXED_NOW.isoformat(), "-j", "1"]
    )
    assert result.exit_code == 1
    assert (
        "site/campaigns/lamp/story.md:3:12: this looks like a Stripe restricted key (rk_live_…)"
        in result.output
    )
    assert "site/static/app.js:2:" in result.output
    assert STRIPE_LIVE not in result.output
