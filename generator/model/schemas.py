"""JSON Schemas of the files people write, made from the models: what an editor checks and
completes as people type (`pledgekit schema`, and the `# yaml-language-server: $schema=` line).

The schemas describe the shape; pledgekit's own checks, run by `pledgekit check`, stay the
judge (dates against each other, pledge links against their processor, files that exist).
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel

from pledgekit.model.campaign import CampaignFile, Update
from pledgekit.model.site import SiteConfig
from pledgekit.model.translation import CampaignTranslation

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Keys of an update's front matter that pledgekit derives, not reads: from the file name
# (updates/2026-11-02-first-prototype.md: the slug, and the date unless given) and from the
# Markdown below the front matter.
_DERIVED_UPDATE_KEYS = ("slug", "body")
_OPTIONAL_UPDATE_KEYS = ("date",)


def _closed(schema: dict[str, Any], models: dict[str, type[BaseModel]]) -> dict[str, Any]:
    """Unknown keys are flagged (pledgekit warns about them), except where a model takes any."""
    for name, definition in [("", schema), *schema.get("$defs", {}).items()]:
        model = models.get(name or schema.get("title", ""))
        open_ended = model is not None and model.model_config.get("extra") == "allow"
        if "properties" in definition and not open_ended:
            definition["additionalProperties"] = False
    return schema


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `root`, by the title pydantic gives its schema."""
    found: dict[str, type[BaseModel]] = {}
    pending: list[Any] = [root]
    while pending:
        item = pending.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item.__name__ in found:
                continue
            found[item.__name__] = item
            pending += [info.annotation for info in item.model_fields.values()]
        else:
            pending += list(typing.get_args(item))
    found[root.model_config.get("title") or root.__name__] = root
    return found


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of 'site' (site.yaml), 'campaign' (campaign.yaml), 'update' (the front
    matter of updates/*.md) or 'translation' (campaign.<language>.yaml)."""
    model = SCHEMA_MODELS[kind]
    schema = model.model_json_schema(mode="validation")
    if model is Update:
        for key in _DERIVED_UPDATE_KEYS:
            schema["properties"].pop(key, None)
        schema["required"] = [
            key
            for key in schema.get("required", [])
            if key not in _DERIVED_UPDATE_KEYS + _OPTIONAL_UPDATE_KEYS
        ]
    schema = _closed(schema, _models(model))
    return {"$schema": SCHEMA_DRAFT, "$id": f"{kind}.schema.json", **schema}


SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "site": SiteConfig,
    "campaign": CampaignFile,
    "update": Update,
    "translation": CampaignTranslation,  # campaign.<language>.yaml
}


def schema_text(kind: str) -> str:
    """The schema of `kind` as the JSON file editors read."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
