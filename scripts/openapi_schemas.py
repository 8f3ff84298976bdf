#!/usr/bin/env python3
"""Copies docs/schemas/{card,verdict,inspect}.schema.json into docs/openapi.yaml's
components.schemas (Card, Verdict, Inspection; their $defs as Card_date, …), rewriting the
references, so that the API description stands alone. --check: exit 1 if the copies differ."""
import copy
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NAMES = {"card.schema.json": "Card", "verdict.schema.json": "Verdict", "inspect.schema.json": "Inspection"}
HEADER = "# BHYTKit verify service API. Card, Verdict, Inspection: written by scripts/openapi_schemas.py\n# from docs/schemas (edit those, then run it); the rest by hand.\n"


def rewrite(node, name):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("$schema", "$id", "$defs"):
                continue
            if k == "$ref" and isinstance(v, str):
                if v.startswith("#/$defs/"):
                    v = f"#/components/schemas/{name}_{v[len('#/$defs/'):]}"
                elif v in NAMES:
                    v = f"#/components/schemas/{NAMES[v]}"
            out[k] = rewrite(v, name)
        return out
    if isinstance(node, list):
        return [rewrite(v, name) for v in node]
    return node


def copies():
    schemas = {}
    for file, name in NAMES.items():
        schema = json.loads((ROOT / "docs" / "schemas" / file).read_text())
        schemas[name] = rewrite(schema, name)
        for d, body in schema.get("$defs", {}).items():
            schemas[f"{name}_{d}"] = rewrite(body, name)
    return schemas


def main():
    path = ROOT / "docs" / "openapi.yaml"
    doc = yaml.safe_load(path.read_text())
    want = copies()
    have = {k: doc["components"]["schemas"].get(k) for k in want}
    if "--check" in sys.argv:
        if have != want:
            print("docs/openapi.yaml: schema copies out of date; run scripts/openapi_schemas.py", file=sys.stderr)
            sys.exit(1)
        return
    new = copy.deepcopy(doc)
    new["components"]["schemas"].update(want)
    path.write_text(HEADER + yaml.safe_dump(new, sort_keys=False, allow_unicode=True, width=110))


if __name__ == "__main__":
    main()
