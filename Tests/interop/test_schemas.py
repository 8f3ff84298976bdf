"""Real output validated against the published JSON Schemas (docs/schemas, draft 2020-12)
with Python's jsonschema, a validator we did not write."""
import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import ROOT, SAMPLES, json_lines, run

SCHEMAS = ROOT / "docs" / "schemas"
NAMES = ["card.schema.json", "verdict.schema.json", "inspect.schema.json"]


def registry():
    resources = []
    for name in NAMES:
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def validator(name):
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry())


def every_input(tmp):
    """Every kind of input a verifier meets: each sample, garbage, an image, an over-long line."""
    files = sorted((SAMPLES / "signed").rglob("*.txt")) + sorted((SAMPLES / "legacy").glob("*.txt"))
    files += sorted((SAMPLES / "malformed").glob("*.txt"))
    (tmp / "odd.txt").write_text("garbage\n\n" + "9" * 9000 + "\nBHXH1:12\n", encoding="utf-8")
    run("render", "--out", tmp / "card.png", SAMPLES / "signed" / "eddsa" / "d2021-k1.txt", check=0)
    return files + [tmp / "odd.txt", tmp / "card.png"]


def test_schemas_are_valid_draft_2020_12():
    for name in NAMES:
        Draft202012Validator.check_schema(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_verdict_line_matches_the_schema(tmp, lang):
    v = validator("verdict.schema.json")
    for at in ["2025-07-01", "2024-01-01", "2030-01-01"]:
        rows = json_lines(run("verify", "--json", "--lang", lang, "--trust", SAMPLES / "DEMO-ONLY-trust.json",
                              "--at", at, "--facility", "79024", *every_input(tmp)).stdout)
        assert len(rows) >= 25
        statuses = set()
        for row in rows:
            errors = sorted(v.iter_errors(row), key=str)
            assert not errors, f"{row.get('input')}: {errors[0].message}"
            statuses.add(row["status"])
        if at == "2025-07-01":
            assert statuses == {"valid", "invalid", "unverified", "unreadable"}


def test_a_schema_violation_is_caught():
    """The schema is strict enough to fail: a verdict with a made-up status or member fails it."""
    v = validator("verdict.schema.json")
    (row,) = json_lines(run("verify", "--json", "--trust", SAMPLES / "DEMO-ONLY-trust.json", "--at", "2025-07-01",
                            SAMPLES / "signed" / "es256" / "d2021-k1.txt").stdout)
    assert v.is_valid(row)
    assert not v.is_valid(dict(row, status="ok"))
    assert not v.is_valid(dict(row, extra=1))
    assert not v.is_valid(dict(row, iss=None))        # valid needs an authenticated issuer
    assert not v.is_valid(dict(row, card=dict(row["card"], sex="x")))


def test_every_inspect_line_matches_the_schema(tmp):
    v = validator("inspect.schema.json")
    rows = json_lines(run("inspect", "--json", *every_input(tmp)[:-1], *sorted((SAMPLES / "cards").glob("*.json"))).stdout)
    kinds = set()
    for row in rows:
        errors = sorted(v.iter_errors(row), key=str)
        assert not errors, f"{row.get('input')}: {errors[0].message}"
        kinds.add(row["format"])
    assert kinds == {"legacy", "signed", "json", "unknown"}


def test_card_files_match_the_card_schema():
    v = validator("card.schema.json")
    for path in sorted((SAMPLES / "cards").glob("*.json")):
        (row,) = json_lines(run("inspect", "--json", path, check=0).stdout)
        assert v.is_valid(row["card"]), path


LUA_ID = "006185000123|012345678|Hoàng Thị Lụa|14021985|Nữ|Số 7 Ngõ Bản Nà Phặc, Ngân Sơn|01072024"


def test_citizen_id_lines_match_the_schemas(tmp):
    """A citizen ID (CCCD) read by inspect, alone and beside a card in verify, in the schemas;
    the card's optional personalId too (issued, then inspected and verified)."""
    inspect = validator("inspect.schema.json")
    verdict = validator("verdict.schema.json")
    ids = tmp / "ids.txt"
    ids.write_text(LUA_ID + "\n" + "001099012345|Trần Văn Đức|00001950|Nam|Hà Nội|\n", encoding="utf-8")
    rows = json_lines(run("inspect", "--json", ids).stdout)
    assert [r["format"] for r in rows] == ["cccd", "cccd"]
    assert rows[0]["identity"] == {"personalId": "006185000123", "oldId": "012345678", "fullName": "Hoàng Thị Lụa",
                                   "birthDate": "1985-02-14", "sex": "female", "address": "Số 7 Ngõ Bản Nà Phặc, Ngân Sơn",
                                   "issueDate": "2024-07-01"}
    assert rows[1]["identity"]["birthDate"] == "1950" and rows[1]["identity"]["oldId"] is None
    for row in rows:
        assert not list(inspect.iter_errors(row)), row
    card = json.loads((SAMPLES / "cards" / "d2021-k1.json").read_text(encoding="utf-8"))
    card["personalId"] = "006185000123"
    (tmp / "card.json").write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    text = run("issue", "--key", SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.key.pem", "--iss", "VN-79",
               "--at", "2025-01-01", tmp / "card.json").stdout.strip()
    inspected = json_lines(run("inspect", "--json", text).stdout)[0]
    assert inspected["card"]["personalId"] == "006185000123" and not list(inspect.iter_errors(inspected))
    for args in [["--id", LUA_ID, text], ["--id", LUA_ID.replace("14021985", "14021986"), text], [LUA_ID], ["--id", "nonsense", text]]:
        proc = run("verify", "--json", "--trust", SAMPLES / "DEMO-ONLY-trust.json", "--at", "2025-07-01", *args, check=None)
        row = json_lines(proc.stdout)[0]
        assert not list(verdict.iter_errors(row)), (args, row)
    assert row["identity"] is None and [r["code"] for r in row["reasons"]] == ["CCCD_MALFORMED"] and row["status"] == "valid"
