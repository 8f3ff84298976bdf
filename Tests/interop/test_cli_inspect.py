"""`bhyt inspect` on the legacy samples, driven as a user would, checked against the samples' JSON."""
import json

import pytest

from conftest import SAMPLES, json_lines, run

LEGACY = sorted((SAMPLES / "legacy").glob("*.txt"))
QUIRKS = sorted((SAMPLES / "legacy" / "quirks").glob("*.txt"))
MALFORMED = sorted((SAMPLES / "malformed").glob("*.txt"))


def load_card(name):
    return json.loads((SAMPLES / "cards" / f"{name}.json").read_text(encoding="utf-8"))


def same_fields(got, want):
    for key, value in want.items():
        assert got[key] == value, key


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.stem)
def test_legacy_sample_json_matches_card(path):
    out = json_lines(run("inspect", "--json", path, check=0).stdout)
    assert len(out) == 1 and out[0]["format"] == "legacy"
    same_fields(out[0]["card"], load_card(path.stem))
    assert out[0]["generation"] == ("2021" if path.stem.startswith("d2021") else "2016")


def test_quirks_read_as_expected():
    expected = json.loads((SAMPLES / "legacy" / "quirks" / "EXPECTED.json").read_text())
    for path in QUIRKS:
        (row,) = json_lines(run("inspect", "--json", path, check=0).stdout)
        if expected[path.stem]:
            same_fields(row["card"], load_card(expected[path.stem]))
        # VNI gives this check string two readings: the card is read without one (no guess).
        lost = path.stem == "vni-check-string-lost"
        assert row["checkStringLost"] is lost
        if lost:
            want = load_card("dn-2016")
            assert want.pop("checkString") and row["card"].get("checkString") is None
            same_fields(row["card"], want)
        assert row["repairedFrom"] == ("telex" if path.stem.startswith("telex") else "vni" if path.stem.startswith("vni") else None)


def test_human_output_is_vietnamese_by_locale():
    out = run("inspect", SAMPLES / "legacy" / "dn-2016.txt", env={"LANG": "vi_VN.UTF-8"}, check=0).stdout
    assert "Họ tên" in out and "Phạm Thu Hà" in out and "21/07/1990" in out
    assert "80%" in out and "01/01/2024 – 31/12/2024" in out and "79 - 024" in out
    en = run("inspect", "--lang", "en", SAMPLES / "legacy" / "d2021-open.txt", check=0).stdout
    assert "Name:" in en and "open-ended" in en and "1978" in en


def test_stdin_one_card_a_line_and_exit_status():
    good = (SAMPLES / "legacy" / "hs-2016.txt").read_text()
    bad = (SAMPLES / "malformed" / "bad-date.txt").read_text()
    proc = run("inspect", "--json", "-", input=good + bad + good, check=1)
    rows = json_lines(proc.stdout)
    assert [r["format"] for r in rows] == ["legacy", "unknown", "legacy"]
    assert rows[1]["error"] == {"code": "LEGACY_FIELD_INVALID", "field": 6, "message": rows[1]["error"]["message"]}
    assert "stdin:2" in proc.stderr


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_malformed_exit_nonzero_with_reason(path):
    expected = json.loads((SAMPLES / "malformed" / "EXPECTED.json").read_text())[path.stem]
    proc = run("inspect", path, check=1)
    assert expected[0] in proc.stdout
    (row,) = json_lines(run("inspect", "--json", path, check=1).stdout)
    assert [row["error"]["code"], row["error"]["field"]] == expected


@pytest.mark.parametrize("garbage", ["hello", "||||", "\u0001\u0002", "DN4|x|$", "x" * 10000, "bhxh1:123"])
def test_garbage_is_refused_clearly(garbage):
    # as lines on stdin, anything is card text; as an argument, card text is what looks like one
    proc = run("inspect", "-", input=garbage + "\n", check=1)
    assert "not a readable card" in proc.stdout
    if "|" in garbage or garbage.lower().startswith("bhxh1:"):
        assert "not a readable card" in run("inspect", garbage, check=1).stdout


def test_an_argument_that_is_no_card_is_a_file_name(tmp):
    for name in ["hello", str(tmp / "missing.txt"), str(tmp)]:
        proc = run("inspect", name, check=2)
        assert "cannot read" in proc.stderr and name in proc.stderr and proc.stdout == ""
    proc = run("verify", "--lang", "vi", str(tmp / "nonexist.png"), check=2)
    assert "không đọc được" in proc.stderr and "IMAGE_NO_QR" not in proc.stdout + proc.stderr


def test_ime_mangled_message_tells_what_to_do():
    proc = run("inspect", "--lang", "vi", SAMPLES / "malformed" / "vni-ambiguous.txt", check=1)
    assert "IME_MANGLED" in proc.stdout and "tắt bộ gõ" in proc.stdout


def test_card_json_file():
    (row,) = json_lines(run("inspect", "--json", SAMPLES / "cards" / "te-2016.json", check=0).stdout)
    same_fields(row["card"], load_card("te-2016"))


def test_help_is_helpful():
    out = run("inspect", "--help", check=0).stdout
    assert "--json" in out and "stdin" in out and "Exit status" in out
