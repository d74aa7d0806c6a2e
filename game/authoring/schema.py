"""JSON Schema of the scenario format, generated from the pydantic models.

A scenario may be split over several files, so the schema that editors use
requires no top-level key: each file holds only part of the whole. The loader
still checks that the merged scenario has everything.
"""

from __future__ import annotations

import json
from typing import Any

from ..scenario.facts import FactSheet
from ..scenario.models import Scenario

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    schema.pop("required", None)
    schema["$schema"] = SCHEMA_URL
    schema["title"] = "Boardroom scenario file"
    schema["description"] = (
        "One file of a Boardroom scenario. A scenario is one file or a folder of files whose lists "
        "(meters, counters, flags, seats, decisions, events, endings) are merged."
    )
    return schema


def factsheet_schema() -> dict[str, Any]:
    schema = FactSheet.model_json_schema()
    schema["$schema"] = SCHEMA_URL
    schema["title"] = "Boardroom fact sheet"
    return schema


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
