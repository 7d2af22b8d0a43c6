"""`pledgekit schema`: the JSON Schemas editors check YAML with, made from the models."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from support import FIXTURES, REPOSITORY

from pledgekit.cli import main
from pledgekit.model.schemas import json_schema

SITES = [REPOSITORY / "content", REPOSITORY / "examples" / "relief-appeal", FIXTURES / "states"]


def as_an_editor_reads(value):
    """YAML as JSON: an editor's YAML server reads dates as text, like every other scalar."""
    if isinstance(value, dict):
        return {str(key): as_an_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}


def errors(kind: str, data: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    return sorted(
        f"{'/'.join(map(str, error.absolute_path))}: {error.validator}"
        for error in validator.iter_errors(as_an_editor_reads(data))
    )


@pytest.mark.parametrize("site", SITES, ids=lambda site: site.name)
def test_the_bundled_sites_match_their_schemas(site):
    jsonschema.Draft202012Validator.check_schema(json_schema("campaign"))
    assert errors("site", yaml.safe_load((site / "site.yaml").read_text())) == []
    for campaign in sorted((site / "campaigns").iterdir()):
        data = yaml.safe_load((campaign / "campaign.yaml").read_text(encoding="utf-8"))
        assert errors("campaign", data) == [], campaign.name
        for update in sorted((campaign / "updates").glob("*.md")):
            assert errors("update", front_matter(update)) == [], update.name


def test_the_schemas_flag_what_pledgekit_would_refuse_or_warn_about():
    campaign = yaml.safe_load(
        (REPOSITORY / "content/campaigns/tenon-lamp/campaign.yaml").read_text(encoding="utf-8")
    )
    campaign |= {"goal": "lots", "currency": "EURO", "colour": "red"}
    campaign["tiers"][0]["amount"] = -5
    del campaign["title"]
    assert errors("campaign", campaign) == [
        ": additionalProperties",
        ": required",
        "currency: anyOf",
        "goal: anyOf",
        "tiers/0/amount: anyOf",
    ]
    assert errors("update", {"title": "Shipping news", "tittle": "typo"}) == [
        ": additionalProperties"
    ]
    assert errors("update", {"title": "Shipping news"}) == []  # the date comes from the file name
    # a processor's own keys are open: each processor checks its own at build time
    assert errors("site", {"title": "x", "base_url": "https://x.org/", "defaults": {"pledge": [
        {"processor": "paypal_me", "name": "someone"}]}}) == []  # fmt: skip


def test_schema_command(tmp_path):
    runner = CliRunner()
    printed = runner.invoke(main, ["schema", "campaign"])
    assert printed.exit_code == 0 and json.loads(printed.output) == json_schema("campaign")
    written = runner.invoke(main, ["schema", "--output", str(tmp_path / "schemas")])
    assert written.exit_code == 0, written.output
    names = sorted(path.name for path in (tmp_path / "schemas").iterdir())
    assert names == [
        "campaign.schema.json",
        "site.schema.json",
        "translation.schema.json",
        "update.schema.json",
    ]
    site = json.loads((tmp_path / "schemas" / "site.schema.json").read_text())
    assert site["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert site["additionalProperties"] is False and "theme_options" in site["properties"]
    assert runner.invoke(main, ["schema"]).exit_code == 2
