"""Signed trust and revocation lists (docs/FORMAT.md, "Signed lists") across implementations:
lists our CLI signs verify by hand with Python `cryptography`; lists signed in Python verify with
our CLI; refused lists stop verify at start-up (exit 2) naming the file and the reason."""
import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, utils

from conftest import SAMPLES, json_lines, run

AT = "2025-07-01T09:00:00+07:00"
IAT = 1751302800  # 2025-07-01T00:00+07:00
DAY = 86400


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def kid_of(public_key):
    spki = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return b64u(hashlib.sha256(spki).digest()[:8])


def py_sign(private_key, header, payload):
    """A compact JWS made by hand: ES256 as r||s (RFC 7518 §3.4), EdDSA over the signing input."""
    h = header if isinstance(header, str) else json.dumps(header, separators=(",", ":"))
    p = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
    signing_input = (b64u(h.encode()) + "." + b64u(p.encode())).encode()
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        r, s = utils.decode_dss_signature(private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        sig = private_key.sign(signing_input)
    return signing_input.decode() + "." + b64u(sig)


def py_verify(public_key, jws):
    h, p, s = jws.strip().split(".")
    sig = unb64u(s)
    assert len(sig) == 64
    data = (h + "." + p).encode()
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
        public_key.verify(der, data, ec.ECDSA(hashes.SHA256()))  # raises InvalidSignature
    else:
        public_key.verify(sig, data)
    return json.loads(unb64u(h)), json.loads(unb64u(p))


@pytest.fixture(params=["ES256", "EdDSA"])
def root(request, tmp):
    prefix = tmp / f"root-{request.param}"
    run("keygen", "--alg", request.param, "--out", prefix, check=0)
    key = serialization.load_pem_private_key((tmp / f"root-{request.param}.key.pem").read_bytes(), None)
    return {"alg": request.param, "key": f"{prefix}.key.pem", "pub": f"{prefix}.pub.pem", "private": key,
            "public": key.public_key(), "kid": kid_of(key.public_key())}


@pytest.fixture
def card(tmp):
    """d2021-k1 (number 1234567890) signed by the demo VN-79 key."""
    out = run("issue", "--key", SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.key.pem", "--iss", "VN-79", "--at", "2025-07-01",
              SAMPLES / "cards" / "d2021-k1.json", check=0).stdout
    path = tmp / "card.txt"
    path.write_text(out)
    return path


def demo_keys():
    return json.loads((SAMPLES / "DEMO-ONLY-trust.json").read_text())["keys"]


def test_we_sign_python_verifies_trust_list(root, tmp):
    out = run("trust", "sign", "--key", root["key"], "--valid-for", "7d", "--at", "2025-07-01", "--sequence", "42",
              SAMPLES / "DEMO-ONLY-trust.json", check=0)
    jws = out.stdout.strip()
    header, payload = py_verify(root["public"], jws)
    assert header == {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-trust+jwt"}
    assert list(payload) == ["iat", "exp", "seq", "keys"]
    assert payload["iat"] == IAT and payload["exp"] == IAT + 7 * DAY and payload["seq"] == 42
    assert payload["keys"] == demo_keys()
    # one changed byte of the payload no longer verifies in Python either
    h, p, s = jws.split(".")
    tampered = json.dumps(dict(payload, seq=43), separators=(",", ":")).encode()
    with pytest.raises(Exception):
        py_verify(root["public"], ".".join([h, b64u(tampered), s]))
    # --out writes the same form; seq defaults to iat
    run("trust", "sign", "--key", root["key"], "--valid-for", "12h", "--at", "2025-07-01", "--out", tmp / "t.jws",
        SAMPLES / "DEMO-ONLY-trust.json", check=0)
    _, p2 = py_verify(root["public"], (tmp / "t.jws").read_text())
    assert p2["seq"] == IAT and p2["exp"] == IAT + 12 * 3600


def test_we_sign_python_verifies_revocation_list(root, tmp):
    (tmp / "revoked.txt").write_text("# test\n0123456789\nGD4797924800001 2025-01-01  # a code, dated\n\nHS7010101001234\n")
    jws = run("revocation", "sign", "--key", root["key"], "--valid-for", "1d", "--at", "2025-07-01", tmp / "revoked.txt", check=0).stdout
    header, payload = py_verify(root["public"], jws)
    assert header["typ"] == "bhyt-revocation+jwt" and header["kid"] == root["kid"]
    # undated entries are packed (base64url of LEB128 differences of their keys), read here by hand
    assert payload["revoked"] == ["GD4797924800001 2025-01-01"]
    assert unpack_keys(payload.pop("packed")) == sorted([key_of("0123456789"), key_of("HS7010101001234")])
    assert payload == {"iat": IAT, "exp": IAT + DAY, "seq": IAT, "revoked": ["GD4797924800001 2025-01-01"]}


def key_of(entry):
    """The documented key of an entry: a 10-digit number itself; a card code 2^62 | (letters × 10^13 + digits)."""
    if len(entry) == 10:
        return int(entry)
    a, b = ord(entry[0].upper()) - 65, ord(entry[1].upper()) - 65
    return (1 << 62) | ((a * 26 + b) * 10**13 + int(entry[2:]))


def unpack_keys(text):
    raw = unb64u(text)
    keys, previous, value, shift = [], 0, 0, 0
    for byte in raw:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            previous += value
            keys.append(previous)
            value, shift = 0, 0
    assert shift == 0
    return keys


def pack_keys(keys):
    out, previous = bytearray(), 0
    for k in sorted(keys):
        d, previous = k - previous, k
        while d >= 0x80:
            out.append(d & 0x7F | 0x80)
            d >>= 7
        out.append(d)
    return b64u(bytes(out))


def test_python_packs_we_read_packed_revocations(root, tmp, card):
    """A packed list made in Python revokes the card; a packed list out of order is refused."""
    trust = run("trust", "sign", "--key", root["key"], "--valid-for", "30d", "--at", "2025-06-20", SAMPLES / "DEMO-ONLY-trust.json", check=0).stdout
    (tmp / "trust.jws").write_text(trust)
    code = json.loads(run("inspect", "--json", card, check=0).stdout)["card"]["code"]
    for entries, want in [([code], 1), (["0000000001"], 0)]:
        jws = py_sign(root["private"], {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-revocation+jwt"},
                      {"iat": IAT, "exp": IAT + 7 * DAY, "seq": 1, "packed": pack_keys(key_of(e) for e in entries), "revoked": []})
        (tmp / "r.jws").write_text(jws)
        r = run("verify", "--root", root["pub"], "--trust", tmp / "trust.jws", "--revoked", tmp / "r.jws", "--at", AT, "--json", card)
        assert r.returncode == want, r.stdout + r.stderr
    bad = b64u(bytes([5, 0]))  # a second key not above the first
    jws = py_sign(root["private"], {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-revocation+jwt"},
                  {"iat": IAT, "exp": IAT + 7 * DAY, "seq": 1, "packed": bad, "revoked": []})
    (tmp / "bad.jws").write_text(jws)
    r = run("verify", "--root", root["pub"], "--trust", tmp / "trust.jws", "--revoked", tmp / "bad.jws", "--at", AT, card, check=2)
    assert "increasing" in r.stderr


def test_python_signs_we_verify(root, tmp, card):
    trust = py_sign(root["private"], {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-trust+jwt"},
                    {"iat": IAT, "exp": IAT + 7 * DAY, "seq": 9, "keys": demo_keys()})
    (tmp / "trust.jws").write_text(trust + "\n")
    shown = json.loads(run("trust", "show", "--root", root["pub"], "--json", tmp / "trust.jws", check=0).stdout)
    assert shown["signature"] == "verified" and shown["verifiedBy"] == root["kid"] and shown["rootKid"] == root["kid"]
    assert shown["iat"] == IAT and shown["exp"] == IAT + 7 * DAY and shown["seq"] == 9
    assert shown["issuers"] == ["VN-56", "VN-79"] and len(shown["keys"]) == 2
    text = run("trust", "show", "--root", root["pub"], tmp / "trust.jws", check=0).stdout
    assert "verified with root key " + root["kid"] in text and "seq:       9" in text
    # without --root: shown, marked unchecked
    assert json.loads(run("trust", "show", "--json", tmp / "trust.jws", check=0).stdout)["signature"] == "unchecked"

    v = json_lines(run("verify", "--root", root["pub"], "--trust", tmp / "trust.jws", "--at", AT, "--json", card, check=0).stdout)
    assert v[0]["status"] == "valid" and v[0]["reasons"] == []

    revoked = py_sign(root["private"], {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-revocation+jwt"},
                      {"iat": IAT, "exp": IAT + 7 * DAY, "seq": 1, "revoked": ["1234567890", "GD4797924800001"]})
    (tmp / "revoked.jws").write_text(revoked)
    r = run("verify", "--root", root["pub"], "--trust", tmp / "trust.jws", "--revoked", tmp / "revoked.jws", "--at", AT, "--json", card, check=1)
    assert [x["code"] for x in json_lines(r.stdout)[0]["reasons"]] == ["REVOKED"]
    shown = json.loads(run("revocation", "show", "--root", root["pub"], "--json", tmp / "revoked.jws", check=0).stdout)
    assert shown["entries"] == 2 and shown["signature"] == "verified"


def refused(tmp, card, root, name, content, *extra, lang="en"):
    (tmp / name).write_text(content)
    r = run("verify", "--lang", lang, "--root", root["pub"], "--trust", tmp / name, *extra, "--at", AT, card, check=2)
    assert str(tmp / name) in r.stderr and r.stdout == ""
    return r.stderr


def test_refused_lists_stop_verify(root, tmp, card):
    good = {"iat": IAT, "exp": IAT + 7 * DAY, "seq": 1, "keys": demo_keys()}
    hdr = {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-trust+jwt"}
    other_alg = "EdDSA" if root["alg"] == "ES256" else "ES256"
    stranger = ec.generate_private_key(ec.SECP256R1())
    cases = {
        "plain.json": ((SAMPLES / "DEMO-ONLY-trust.json").read_text(), "LIST_UNSIGNED"),
        "none.jws": (b64u(json.dumps(dict(hdr, alg="none")).encode()) + "." + b64u(json.dumps(good).encode()) + "." + b64u(b"\0" * 64), "JWS_ALG_NONE"),
        "hs256.jws": (py_sign(root["private"], dict(hdr, alg="HS256"), good), "JWS_ALG_UNSUPPORTED"),
        "mismatch.jws": (py_sign(root["private"], dict(hdr, alg=other_alg), good), "JWS_ALG_MISMATCH"),
        "stranger.jws": (py_sign(stranger, dict(hdr, alg="ES256", kid=kid_of(stranger.public_key())), good), "ROOT_UNKNOWN"),
        "dup.jws": (py_sign(root["private"], '{"alg":"%s","kid":"%s","typ":"bhyt-trust+jwt","alg":"none"}' % (root["alg"], root["kid"]), good), "JWS_HEADER"),
        "jwk.jws": (py_sign(root["private"], dict(hdr, jwk={"kty": "EC"}), good), "JWS_HEADER"),
        "typ.jws": (py_sign(root["private"], dict(hdr, typ="bhyt-revocation+jwt"), good), "LIST_TYPE_MISMATCH"),
        "float.jws": (py_sign(root["private"], hdr, dict(good, exp=IAT + 7.5 * DAY)), "LIST_PAYLOAD_INVALID"),
        "noexp.jws": (py_sign(root["private"], hdr, {k: v for k, v in good.items() if k != "exp"}), "LIST_PAYLOAD_INVALID"),
        "padded.jws": (py_sign(root["private"], hdr, good) + "=", "JWS_BASE64"),
    }
    for name, (content, reason) in cases.items():
        err = refused(tmp, card, root, name, content)
        assert reason in err, f"{name}: {err}"
    # tampered payload: signed, then one member changed
    h, p, s = py_sign(root["private"], hdr, good).split(".")
    err = refused(tmp, card, root, "tampered.jws", ".".join([h, b64u(json.dumps(dict(good, seq=2)).encode()), s]))
    assert "LIST_SIGNATURE_INVALID" in err
    # swapped signature: another list's
    s2 = py_sign(root["private"], hdr, dict(good, seq=3)).split(".")[2]
    assert "LIST_SIGNATURE_INVALID" in refused(tmp, card, root, "swapped.jws", ".".join([h, p, s2]))
    # in Vietnamese
    err = refused(tmp, card, root, "plain2.json", (SAMPLES / "DEMO-ONLY-trust.json").read_text(), lang="vi")
    assert "không dùng được" in err and "LIST_UNSIGNED" in err
    # a plain revocation list with a root pinned
    (tmp / "ok.jws").write_text(py_sign(root["private"], hdr, good))
    (tmp / "revoked.txt").write_text("0123456789\n")
    r = run("verify", "--root", root["pub"], "--trust", tmp / "ok.jws", "--revoked", tmp / "revoked.txt", "--at", AT, card, check=2)
    assert str(tmp / "revoked.txt") in r.stderr and "LIST_UNSIGNED" in r.stderr
    # trust show: a signature that does not verify is exit 1, an unreadable list exit 2
    (tmp / "other.pub.pem").write_bytes(stranger.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    shown = run("trust", "show", "--root", tmp / "other.pub.pem", "--json", tmp / "ok.jws", check=1)
    assert json.loads(shown.stdout)["signatureError"] == "ROOT_UNKNOWN"
    run("trust", "show", tmp / "revoked.txt", check=2)


def test_signed_list_without_root_is_used_with_a_warning(root, tmp, card):
    (tmp / "trust.jws").write_text(py_sign(root["private"], {"alg": root["alg"], "kid": root["kid"], "typ": "bhyt-trust+jwt"},
                                           {"iat": IAT, "exp": IAT + 7 * DAY, "seq": 1, "keys": demo_keys()}))
    r = run("verify", "--trust", tmp / "trust.jws", "--at", AT, "--json", card, check=0)
    assert "NOT checked" in r.stderr and json_lines(r.stdout)[0]["status"] == "valid"


@pytest.mark.parametrize("days,max_stale,status,codes,exit", [
    (6, None, "valid", [], 0),
    (8, None, "valid", ["TRUST_LIST_STALE"], 0),
    (36, None, "valid", ["TRUST_LIST_STALE"], 0),
    (38, None, "unverified", ["TRUST_LIST_EXPIRED"], 3),
    (8, "0", "unverified", ["TRUST_LIST_EXPIRED"], 3),
    (8, "2d", "valid", ["TRUST_LIST_STALE"], 0),
    (10, "2d", "unverified", ["TRUST_LIST_EXPIRED"], 3),
])
def test_freshness(root, tmp, card, days, max_stale, status, codes, exit):
    run("trust", "sign", "--key", root["key"], "--valid-for", "7d", "--at", "2025-07-01", "--out", tmp / "trust.jws",
        SAMPLES / "DEMO-ONLY-trust.json", check=0)
    at = str(IAT + days * DAY)
    extra = ["--max-stale", max_stale] if max_stale else []
    r = run("verify", "--root", root["pub"], "--trust", tmp / "trust.jws", "--at", at, *extra, "--json", card, check=exit)
    v = json_lines(r.stdout)[0]
    assert v["status"] == status and [x["code"] for x in v["reasons"]] == codes
    assert all(x["severity"] == "warning" for x in v["reasons"])
    if codes:
        assert "update" in v["reasons"][0]["detail"] or "updated" in v["reasons"][0]["detail"]


def test_revocation_freshness_is_a_warning(root, tmp, card):
    run("trust", "sign", "--key", root["key"], "--valid-for", "90d", "--at", "2025-07-01", "--out", tmp / "trust.jws",
        SAMPLES / "DEMO-ONLY-trust.json", check=0)
    (tmp / "revoked.txt").write_text("0123456789\n")
    run("revocation", "sign", "--key", root["key"], "--valid-for", "1d", "--at", "2025-07-01", "--out", tmp / "revoked.jws",
        tmp / "revoked.txt", check=0)
    common = ["verify", "--root", root["pub"], "--trust", tmp / "trust.jws", "--revoked", tmp / "revoked.jws", "--json", card]
    v = json_lines(run(*common, "--at", str(IAT + 3 * DAY), check=0).stdout)[0]
    assert v["status"] == "valid" and [x["code"] for x in v["reasons"]] == ["REVOCATION_LIST_STALE"]
    v = json_lines(run(*common, "--at", str(IAT + 40 * DAY), check=0).stdout)[0]
    assert v["status"] == "valid" and [x["code"] for x in v["reasons"]] == ["REVOCATION_LIST_EXPIRED"]


def test_plain_revocation_list_takes_card_codes(tmp):
    """The text form accepts 15-character card codes: the legacy dn-2016 card by its code."""
    legacy = SAMPLES / "legacy" / "dn-2016.txt"
    code = json.loads(run("inspect", "--json", legacy, check=0).stdout.splitlines()[0])["card"]["code"]
    assert len(code) == 15
    (tmp / "revoked.txt").write_text(f"# by code\n{code.lower()}\n")
    r = run("verify", "--revoked", tmp / "revoked.txt", "--at", AT, "--json", legacy, check=1)
    assert "REVOKED" in [x["code"] for x in json_lines(r.stdout)[0]["reasons"]]
    (tmp / "bad.txt").write_text("GD47979248000\n")
    r = run("verify", "--revoked", tmp / "bad.txt", "--at", AT, legacy, check=2)
    assert "line 1" in r.stderr


VI = {"LANG": "vi_VN.UTF-8"}
ENGLISH_WORDS = ("wrote ", "added ", "signed ", "removed ", "cannot ", "exists;", "NOT CHECKED", "DOES NOT VERIFY", "left out")


def vietnamese_only(text):
    """No sentence of the agency commands' own English in Vietnamese output."""
    for word in ENGLISH_WORDS:
        assert word not in text, (word, text)


def test_agency_commands_speak_vietnamese(tmp):
    """keygen, trust and revocation follow --lang and the locale, errors included."""
    prefix = str(tmp / "ca")
    out = run("keygen", "--out", prefix, "--lang", "vi", check=0)
    assert "đã ghi" in out.stderr and "khóa bí mật" in out.stderr
    vietnamese_only(out.stderr)
    again = run("keygen", "--out", prefix, env=VI, check=2)
    assert "đã có; không ghi đè" in again.stderr
    vietnamese_only(again.stderr)
    run("keygen", "--out", str(tmp / "root"), check=0)
    trust = str(tmp / "trust.json")
    added = run("trust", "add", "--trust", trust, "--iss", "VN-79", "--not-after", "2030-01-01", prefix + ".pub.pem", env=VI, check=0)
    assert "đã thêm khóa" in added.stderr and "đến 01/01/2030" in added.stderr
    vietnamese_only(added.stderr)
    listed = run("trust", "list", "--trust", trust, "--lang", "vi", check=0)
    assert "VN-79" in listed.stdout and "đến 01/01/2030" in listed.stdout
    signed = run("trust", "sign", "--key", str(tmp / "root.key.pem"), "--valid-for", "7d", "--out", str(tmp / "trust.jws"), trust, env=VI, check=0)
    assert "đã ký danh sách tin cậy (1 khóa)" in signed.stderr
    vietnamese_only(signed.stderr)
    shown = run("trust", "show", str(tmp / "trust.jws"), env=VI, check=0)
    assert "CHƯA KIỂM TRA" in shown.stdout and "số khóa:" in shown.stdout
    vietnamese_only(shown.stdout)
    wrong_root = run("trust", "show", "--root", prefix + ".pub.pem", str(tmp / "trust.jws"), "--lang", "vi", check=1)
    assert "KHÔNG HỢP LỆ" in wrong_root.stdout and "ROOT_UNKNOWN" in wrong_root.stdout
    vietnamese_only(wrong_root.stdout)
    # A key that is no key: a Vietnamese sentence, the parser's English detail labelled apart.
    (tmp / "bad.pem").write_text("not a key\n")
    bad = run("trust", "add", "--trust", trust, "--iss", "VN-79", str(tmp / "bad.pem"), "--lang", "vi", check=2)
    assert "Khóa không đọc được" in bad.stderr and "Chi tiết kỹ thuật (tiếng Anh):" in bad.stderr
    gone = run("trust", "remove", "--trust", trust, "AAAAAAAAAAA", "--lang", "vi", check=2)
    assert "không có khóa" in gone.stderr
    # Revocation lists: a bad line is named in Vietnamese; a good list is signed and shown.
    (tmp / "revoked.txt").write_text("0123456789\nxyz\n")
    badlist = run("revocation", "sign", "--key", str(tmp / "root.key.pem"), "--valid-for", "7d", str(tmp / "revoked.txt"), env=VI, check=2)
    assert "Dòng 2 của danh sách thu hồi" in badlist.stderr
    (tmp / "revoked.txt").write_text("0123456789\n")
    rsigned = run("revocation", "sign", "--key", str(tmp / "root.key.pem"), "--valid-for", "7d", "--out", str(tmp / "revoked.jws"),
                  str(tmp / "revoked.txt"), "--lang", "vi", check=0)
    assert "đã ký danh sách thu hồi" in rsigned.stderr
    rshown = run("revocation", "show", "--root", str(tmp / "root.pub.pem"), str(tmp / "revoked.jws"), env=VI, check=0)
    assert "hợp lệ với khóa gốc" in rshown.stdout and "số mục:    1" in rshown.stdout
    vietnamese_only(rshown.stdout)
    # English stays English, and JSON never follows the language.
    assert "signed revocation list" in run("revocation", "show", str(tmp / "revoked.jws"), "--lang", "en", check=0).stdout
    as_json = json.loads(run("revocation", "show", "--json", str(tmp / "revoked.jws"), env=VI, check=0).stdout)
    assert as_json["signature"] == "unchecked" and as_json["entries"] == 1
    bad_valid = run("trust", "sign", "--key", str(tmp / "root.key.pem"), "--valid-for", "0d", trust, "--lang", "vi", check=2)
    assert "--valid-for phải lớn hơn 0" in bad_valid.stderr
