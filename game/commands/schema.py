"""``boardroom schema``: the JSON Schema of scenario files, for editors."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of scenario files, generated from the pydantic models, "
        "for editors that complete and check YAML as you type (see docs/authoring.md).",
    )
    p.add_argument("--facts", action="store_true", help="the schema of fact sheets in seeds/ instead")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..authoring.schema import dump, factsheet_schema, scenario_schema

    print(dump(factsheet_schema() if args.facts else scenario_schema()), end="")
    return 0
