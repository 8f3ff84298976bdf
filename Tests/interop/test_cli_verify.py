"""`bhyt verify` as an HIS or a clinic would drive it: exit status, JSON, every reason code."""
import json

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

import bhxh_reference as ref
from conftest import SAMPLES, json_lines, run

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
MARCH = "2025-03-01"
IAT = 1735693200


def card(name):
    return json.loads((SAMPLES / "cards" / f"{name}.json").read_text(encoding="utf-8"))


def verify_json(*args, inputs=(), stdin=None, check=None):
    proc = run("verify", "--json", *args, *inputs, input=stdin, check=check)
    return proc, json_lines(proc.stdout)


def codes(row):
    return [r["code"] for r in row["reasons"]]


@pytest.fixture(scope="module")
def python_issuer(tmp_path_factory):
    d = tmp_path_factory.mktemp("py")
    keys = {"ES256": ec.generate_private_key(ec.SECP256R1()), "EdDSA": ed25519.Ed25519PrivateKey.generate()}
    trust = d / "trust.json"
    for alg, key in keys.items():
        pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        (d / f"{alg}.pub.pem").write_bytes(pem)
        run("trust", "add", "--trust", trust, "--iss", "VN-48", d / f"{alg}.pub.pem", check=0)
    return keys, trust


def test_python_signed_cards_verify_in_swift(python_issuer):
    keys, trust = python_issuer
    for alg, key in keys.items():
        texts = [ref.issue(card("d2021-k1"), "VN-48", IAT, key), ref.issue(card("d2021-open"), "VN-48", IAT, key)]
        proc, rows = verify_json("--trust", trust, "--at", "2025-08-01", "-", stdin="\n".join(texts) + "\n", check=0)
        assert [r["status"] for r in rows] == ["valid", "valid"]
        assert rows[0]["alg"] == alg and rows[0]["iss"] == "VN-48" and rows[0]["iat"] == IAT
        assert {k: rows[1]["card"][k] for k in card("d2021-open")} == card("d2021-open")


def test_tampering_is_refused_by_swift_verify(python_issuer):
    keys, trust = python_issuer
    key = keys["ES256"]
    text = ref.issue(card("d2021-k1"), "VN-48", IAT, key)
    protected, alg, kid, payload, sig = ref.unwrap(text)
    digits = text[6:]
    flips = [text[:6] + digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1:] for i in range(0, len(digits), 37)]
    other = ec.generate_private_key(ec.SECP256R1())
    swapped = cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: alg, 4: ref.kid_of(other.public_key())}, canonical=True), {}, payload, sig]), canonical=True)
    unprot = cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({4: kid}, canonical=True), {1: alg}, payload, sig]), canonical=True)
    trailing = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, sig]), canonical=True) + b"\x00"
    cases = {"swapped kid": (ref.PREFIX + ref.b10encode(swapped), "KEY_UNKNOWN"),
             "alg unprotected": (ref.PREFIX + ref.b10encode(unprot), "COSE_MALFORMED"),
             "trailing byte": (ref.PREFIX + ref.b10encode(trailing), "CBOR_MALFORMED")}
    for name, (bad, want) in cases.items():
        proc, (row,) = verify_json("--trust", trust, "--at", MARCH, bad, check=1)
        assert row["status"] == "invalid" and codes(row) == [want], name
    proc, rows = verify_json("--trust", trust, "--at", MARCH, "-", stdin="\n".join(flips) + "\n", check=1)
    assert len(rows) == len(flips) and all(r["status"] == "invalid" for r in rows)
    assert {codes(r)[0] for r in rows} <= {"BASE10_INVALID", "CBOR_MALFORMED", "COSE_MALFORMED", "SIGNATURE_INVALID", "KEY_UNKNOWN",
                                            "DECOMPRESS_FAILED", "KID_MISSING", "ALG_UNSUPPORTED", "CLAIMS_INVALID"}
    assert any(codes(r) == ["SIGNATURE_INVALID"] for r in rows)


def test_samples_every_status_and_exit_code():
    valid = SAMPLES / "signed" / "eddsa" / "d2021-k1.txt"
    legacy = SAMPLES / "legacy" / "d2021-k1.txt"
    expired = SAMPLES / "signed" / "es256" / "dn-2016.txt"
    assert run("verify", "--trust", TRUST, "--at", MARCH, valid).returncode == 0
    assert run("verify", "--trust", TRUST, "--at", MARCH, valid, legacy).returncode == 3
    assert run("verify", "--trust", TRUST, "--at", MARCH, valid, legacy, expired).returncode == 1
    # could not read: 4, above unverified and below invalid
    assert run("verify", "--trust", TRUST, "--at", MARCH, valid, legacy, "-", input="xin chào\n").returncode == 4
    assert run("verify", "--trust", TRUST, "--at", MARCH, valid, "-", expired, input="xin chào\n").returncode == 1
    assert run("verify", "--trust", SAMPLES / "nope.json", valid).returncode == 2
    assert run("verify", "--at", "not-a-date", valid).returncode == 2
    _, (row,) = verify_json("--at", MARCH, valid, check=1)
    assert codes(row) == ["KEY_UNKNOWN"]


def test_json_schema():
    _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, "--lang", "vi", SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0)
    assert list(row) == ["input", "status", "format", "reasons", "iss", "kid", "alg", "iat", "verifiedAt", "card", "identity"]
    assert row["format"] == "signed" and row["iss"] == "VN-79" and row["kid"] == "9e9l2dQc-nI" and row["alg"] == "ES256"
    assert row["verifiedAt"] == 1740762000 and row["card"]["fullName"] == "Hoàng Thị Lụa"
    _, (leg,) = verify_json("--lang", "vi", "--at", MARCH, "--facility", "79024", SAMPLES / "legacy" / "d2021-k1.txt", check=3)
    assert leg["status"] == "unverified" and leg["format"] == "legacy" and leg["iss"] is None
    assert [(r["code"], r["severity"]) for r in leg["reasons"]] == [("FACILITY_ELSEWHERE", "warning"), ("LEGACY_UNSIGNED", "warning")]
    assert "trái tuyến" in leg["reasons"][0]["message"]


@pytest.mark.parametrize("at,code", [("2024-12-31T23:59:59+07:00", "NOT_YET_VALID"), ("2026-01-01", "EXPIRED")])
def test_not_yet_valid_and_expired_at(at, code):
    # d2021-k1 is valid 01/01/2025–31/12/2025; the ES256 sample was signed 2025-01-01 08:00
    text = run("issue", "--key", SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.key.pem", "--iss", "VN-79", "--at", "2024-12-01",
               SAMPLES / "cards" / "d2021-k1.json", check=0).stdout
    _, (row,) = verify_json("--trust", TRUST, "--at", at, "-", stdin=text, check=1)
    assert codes(row) == [code]
    _, (row,) = verify_json("--trust", TRUST, "--at", "2025-01-01T00:00:00+07:00", "-", stdin=text, check=0)


def test_revoked_with_and_without_a_date(tmp):
    valid = SAMPLES / "signed" / "eddsa" / "d2021-k1.txt"  # number 1234567890, signed 2025-01-01 08:00
    (tmp / "all.txt").write_text("# revoked\n1234567890\n")
    (tmp / "after.txt").write_text("1234567890 2025-02-01\n")
    (tmp / "before.txt").write_text("1234567890 2024-06-01  # older cards only\n")
    (tmp / "bad.txt").write_text("1234567890\n12345\n")
    for f, status in [("all.txt", 1), ("after.txt", 1), ("before.txt", 0)]:
        _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, "--revoked", tmp / f, valid, check=status)
        assert ("REVOKED" in codes(row)) == (status == 1), f
    proc = run("verify", "--trust", TRUST, "--revoked", tmp / "bad.txt", valid, check=2)
    assert "line 2" in proc.stderr


def test_legacy_unverified_and_mangled(tmp):
    import importlib.util
    spec = importlib.util.spec_from_file_location("ms", SAMPLES.parent / "scripts" / "make-samples.py")
    ms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ms)
    repaired = (SAMPLES / "legacy" / "quirks" / "telex-mangled-2021.txt").read_text()
    _, (row,) = verify_json("--at", MARCH, "-", stdin=repaired, check=3)
    assert row["status"] == "unverified" and [(r["code"], r["severity"]) for r in row["reasons"]] == [("IME_MANGLED", "warning"), ("LEGACY_UNSIGNED", "warning")]
    # No single repair: nothing was read, so the card is not called invalid (scan again with Unikey off).
    _, (row,) = verify_json("--at", MARCH, SAMPLES / "malformed" / "vni-ambiguous.txt", check=4)
    assert row["status"] == "unreadable" and [(r["code"], r["severity"]) for r in row["reasons"]] == [("IME_MANGLED", "error")]
    _, (row,) = verify_json("--at", MARCH, SAMPLES / "malformed" / "bad-sex.txt", check=1)
    assert codes(row) == ["LEGACY_MALFORMED"]


def test_inputs_too_large_unknown_and_images(tmp):
    _, rows = verify_json("-", stdin="x" * 9000 + "\nhello\n\n", check=4)
    # every line of stdin is answered, the empty one too (a program waits for one answer a line)
    assert [codes(r) for r in rows] == [["INPUT_TOO_LARGE"], ["FORMAT_UNKNOWN"], ["FORMAT_UNKNOWN"]]
    assert {r["status"] for r in rows} == {"unreadable"}
    run("render", "--out", tmp / "c.png", (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip(), check=0)
    _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, tmp / "c.png", check=0)
    assert row["status"] == "valid"
    (tmp / "blank.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a png")
    _, (row,) = verify_json(tmp / "blank.png", check=4)
    assert codes(row) == ["IMAGE_NO_QR"] and row["status"] == "unreadable"
    # a file is read by its content, not its name: a PNG named .txt is an image, text named .png is text
    (tmp / "card.txt").write_bytes((tmp / "c.png").read_bytes())
    _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, tmp / "card.txt", check=0)
    assert row["status"] == "valid" and row["input"].endswith("card.txt")
    (tmp / "lines.png").write_text((SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text())
    _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, tmp / "lines.png", check=0)
    assert row["input"].endswith("lines.png:1")


def test_facility_elsewhere_is_a_warning():
    _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, "--facility", "79 - 024", SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0)
    assert row["status"] == "valid" and codes(row) == ["FACILITY_ELSEWHERE"]
    _, (row,) = verify_json("--trust", TRUST, "--at", MARCH, "--facility", "06012", SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0)
    assert codes(row) == []


def test_batch_keeps_order_and_summarises(tmp):
    names = sorted(p.name for p in (SAMPLES / "signed" / "es256").glob("*.txt"))
    lines = []
    for i in range(300):
        lines.append((SAMPLES / "signed" / ("es256" if i % 2 else "eddsa") / names[i % len(names)]).read_text().strip())
        if i % 50 == 0:
            lines.append("garbage line %d" % i)
    proc, rows = verify_json("--trust", TRUST, "--at", MARCH, "--threads", "2", "-", stdin="\n".join(lines) + "\n", check=1)
    assert len(rows) == len(lines)
    assert [r["input"] for r in rows] == [f"stdin:{i + 1}" for i in range(len(lines))]
    for r, line in zip(rows, lines):
        if line.startswith("garbage"):
            assert codes(r) == ["FORMAT_UNKNOWN"]
        else:
            assert r["format"] == "signed"
    assert "summary: cards %d:" % len(lines) in proc.stderr and "FORMAT_UNKNOWN 6" in proc.stderr


def test_human_output_and_help():
    out = run("verify", "--lang", "vi", "--trust", TRUST, "--at", MARCH, SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0).stdout
    assert "✔ HỢP LỆ" in out and "Hoàng Thị Lụa" in out and "14/02/1985" in out and "2 (100%)" in out and "\x1b[" not in out
    out = run("verify", "--lang", "en", "--trust", TRUST, "--at", MARCH, SAMPLES / "legacy" / "hs-2016.txt", check=3).stdout
    assert "? UNVERIFIED" in out and "LEGACY_UNSIGNED" in out
    h = run("verify", "--help", check=0).stdout
    assert "--trust" in h and "--revoked" in h and "--at" in h and "Exit status" in h


def test_a_childs_card_names_the_guardian_to_compare():
    """The receptionist compares the guardian's ID with a child's card: verify shows the guardian."""
    child = SAMPLES / "signed" / "es256" / "te-2016.txt"
    out = run("verify", "--lang", "vi", "--trust", TRUST, "--at", "2025-07-01", child).stdout
    assert "Cha mẹ / người giám hộ" in out and "Đỗ Văn Thành" in out
    out = run("verify", "--lang", "en", "--trust", TRUST, "--at", "2025-07-01", SAMPLES / "signed" / "es256" / "d2021-k1.txt").stdout
    assert "guardian" not in out



LUA_ID = "006185000123|012345678|Hoàng Thị Lụa|14021985|Nữ|Số 7 Ngõ Bản Nà Phặc, Ngân Sơn|01072024"


def test_verify_with_a_citizen_id_exits_as_its_verdict():
    text = (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip()
    base = ["--trust", TRUST, "--at", "2025-07-01"]
    proc, rows = verify_json(*base, "--id", LUA_ID, inputs=[text], check=0)
    assert rows[0]["identity"]["match"] == "holder"
    proc, rows = verify_json(*base, "--id", LUA_ID.replace("14021985", "14021986"), inputs=[text], check=1)
    assert codes(rows[0]) == ["ID_MISMATCH"] and rows[0]["identity"]["fields"]["birthDate"] == "different"
    proc, rows = verify_json(*base, inputs=[LUA_ID], check=4)
    assert rows[0]["format"] == "cccd" and codes(rows[0]) == ["CCCD_ONLY"] and rows[0]["person"]["fullName"] == "Hoàng Thị Lụa"
    people = run("verify", "--lang", "vi", *base, "--id", LUA_ID, text, check=0).stdout
    assert "Đối chiếu CCCD: đúng chủ thẻ" in people
    mismatch = run("verify", "--lang", "vi", *base, "--id", LUA_ID.replace("Lụa", "Lựa"), text, check=1).stdout
    assert "KHÔNG KHỚP (họ tên khác)" in mismatch and "Giấy tờ không khớp thẻ" in mismatch


def test_scan_pairs_a_card_and_a_citizen_id_in_either_order(tmp):
    """`bhyt scan`: card then CCCD, and CCCD then card, each one check-in with the match; the log
    keeps the match and a keyed hash, never the 12-digit number or the CCCD's address."""
    text = (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip()
    log = tmp / "checkins.jsonl"
    for lines in ([text, LUA_ID], [LUA_ID, text]):
        log.unlink(missing_ok=True)
        out = run("scan", "--trust", TRUST, "--at", "2025-07-01T09:00:00+07:00", "--log", log, "--lang", "vi",
                  input="\n".join(lines) + "\n", check=0).stdout
        assert "Đối chiếu CCCD: đúng chủ thẻ" in out
        entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        assert [e["verdict"]["identity"] for e in entries][-1]["match"] == "holder"
        assert sum(1 for e in entries if not e["repeat"]) == 1, entries
        written = log.read_text(encoding="utf-8")
        assert "006185000123" not in written and "Ngõ Bản Nà Phặc" not in written
        assert (tmp / "checkins.jsonl.key").stat().st_mode & 0o777 == 0o600
