"""A deterministic corpus for the benchmark: N campaigns in pledgekit's format, and the same
stories laid out for Pelican and for Hugo, each with a minimal template.

    python benchmarks/corpus.py N FOLDER      # writes FOLDER/pledgekit, FOLDER/pelican, FOLDER/hugo
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORD_TEXT = (
    "lamp repair workshop winter shelter bed night volunteer tooling prototype batch shipping "
    "community library neighbour garden seeds bakery oven bread kiln clay river boat harbour "
    "light keeper board game cooperative print proof delivery backer reward goal stretch"
)
WORDS = WORD_TEXT.split()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90"><rect width="160" height="90" fill="#cde"/></svg>\n'


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def story(rng: random.Random, index: int) -> str:
    """About 8 KB: headings, paragraphs with emphasis and links, a list and a table."""
    parts = []
    for section in range(6):
        parts.append(f"## Part {section + 1}: {sentence(rng, 4)[:-1]}\n")
        for _ in range(3):
            words = [rng.choice(WORDS) for _ in range(60)]
            words[5] = f"*{words[5]}*"
            words[17] = f"**{words[17]}**"
            words[30] = f"[{words[30]}](https://example.org/{index}/{section})"
            parts.append(" ".join(words).capitalize() + ".\n")
        if section == 2:
            parts.append("\n".join(f"- {sentence(rng, 8)}" for _ in range(5)) + "\n")
        if section == 4:
            parts.append(
                "| item | cost |\n|---|---:|\n"
                + "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(10, 900)} |" for _ in range(6))
                + "\n"
            )
    return "\n".join(parts)


def campaign_yaml(rng: random.Random, index: int) -> str:
    goal = rng.randint(20, 400) * 100
    tiers = "\n".join(
        f"  - {{id: tier-{t}, title: {sentence(rng, 2)[:-1]}, amount: {5 * (t + 1) ** 2}, "
        f"limit: {rng.randint(50, 500)}, claimed: {rng.randint(0, 40)}, delivery: 2027-0{t + 1}}}"
        for t in range(6)
    )
    faq = "\n".join(
        f'  - {{question: "{sentence(rng, 6)[:-1]}?", answer: "{sentence(rng, 20)}"}}'
        for _ in range(4)
    )
    budget = "\n".join(
        f"  - {{label: {sentence(rng, 3)[:-1]}, share: {share}}}" for share in (40, 30, 20, 10)
    )
    return f"""title: Campaign {index:06d} {sentence(rng, 3)[:-1]}
tagline: {sentence(rng, 12)}
image: {{src: hero.svg, alt: A pale blue rectangle}}
creator: {{name: Creator {index}, location: Lyon}}
category: {rng.choice(["Design", "Community", "Games", "Food"])}
goal: {goal}
start: 2026-11-0{rng.randint(1, 9)}T09:00:00+01:00
end: 2026-12-{rng.randint(10, 28)}T20:00:00+01:00
totals: {{raised: {rng.randint(0, goal * 2)}, backers: {rng.randint(0, 900)}, updated: 2026-11-25T08:00:00+01:00}}
tiers:
{tiers}
faq:
{faq}
budget:
{budget}
"""


def write(root: Path, count: int) -> None:
    rng = random.Random(20261126)
    pledgekit, pelican, hugo = root / "pledgekit", root / "pelican", root / "hugo"
    (pledgekit / "campaigns").mkdir(parents=True)
    (pledgekit / "site.yaml").write_text(
        "title: Benchmark\nbase_url: https://example.org/bench/\ncurrency: EUR\ntimezone: Europe/Paris\n"
        "defaults:\n  pledge:\n    - {processor: paypal_me, name: benchmark}\n"
    )
    (pelican / "content").mkdir(parents=True)
    (pelican / "theme" / "templates").mkdir(parents=True)
    (pelican / "pelicanconf.py").write_text(
        "SITENAME = 'Benchmark'\nPATH = 'content'\nTHEME = 'theme'\nTIMEZONE = 'Europe/Paris'\n"
        "DEFAULT_LANG = 'en'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "DIRECT_TEMPLATES = ['index']\nDEFAULT_PAGINATION = 12\nARTICLE_URL = 'campaigns/{slug}/'\n"
        "ARTICLE_SAVE_AS = 'campaigns/{slug}/index.html'\nTAGS_SAVE_AS = ''\nTAG_SAVE_AS = ''\n"
        "CATEGORIES_SAVE_AS = ''\nCATEGORY_SAVE_AS = ''\nAUTHORS_SAVE_AS = ''\nAUTHOR_SAVE_AS = ''\nARCHIVES_SAVE_AS = ''\n"
    )
    page = "<!doctype html><html lang=en><title>{{ %s }}</title><main>{%% block main %%}{%% endblock %%}</main></html>"
    (pelican / "theme" / "templates" / "base.html").write_text(page % "SITENAME")
    (pelican / "theme" / "templates" / "article.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ article.title }}</h1>{{ article.content }}{% endblock %}'
    )
    (pelican / "theme" / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}{% for a in articles_page.object_list %}<a href="{{ a.url }}">{{ a.title }}</a>{% endfor %}{% endblock %}'
    )
    (hugo / "content" / "campaigns").mkdir(parents=True)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(
        "baseURL = 'https://example.org/bench/'\ntitle = 'Benchmark'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n"
    )
    (hugo / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=en><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}</html>"
    )
    (hugo / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><html lang=en><title>{{ .Title }}</title>{{ range .Pages }}<a href='{{ .RelPermalink }}'>{{ .Title }}</a>{{ end }}</html>"
    )
    for index in range(count):
        slug = f"campaign-{index:06d}"
        text = story(rng, index)
        folder = pledgekit / "campaigns" / slug
        (folder / "updates").mkdir(parents=True)
        (folder / "campaign.yaml").write_text(campaign_yaml(rng, index))
        (folder / "story.md").write_text(text)
        (folder / "hero.svg").write_text(SVG)
        for update in range(3):
            (folder / "updates" / f"2026-11-1{update}-news-{update}.md").write_text(
                f"---\ntitle: News {update}\n---\n{sentence(rng, 80)}\n"
            )
        (pelican / "content" / f"{slug}.md").write_text(
            f"Title: Campaign {index:06d}\nDate: 2026-11-01\nSlug: {slug}\n\n{text}"
        )
        (hugo / "content" / "campaigns" / f"{slug}.md").write_text(
            f"---\ntitle: Campaign {index:06d}\ndate: 2026-11-01\n---\n{text}"
        )


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
