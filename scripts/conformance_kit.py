#!/usr/bin/env python3
"""Writes conformance/: the vectors another BHXH1 verifier runs (docs/CONFORMANCE.md).

Everything is made from fixed TEST-ONLY keys (derived from their names) with deterministic
signatures (Ed25519; ECDSA with RFC 6979 nonces), so running this again gives the same bytes:
`--check` regenerates into a temporary folder and compares. Each vector's expected result is
stated here from the documents (docs/FORMAT.md, docs/VERIFYING.md), by construction.

    .venv/bin/python scripts/conformance_kit.py [--out conformance] [--check]
"""
import argparse
import datetime
import hashlib
import json
import shutil
import sys
import tempfile
import unicodedata
import zlib
from pathlib import Path

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Tests" / "interop"))
import bhxh_reference as ref  # noqa: E402  (the Python implementation written from FORMAT.md)

VN = datetime.timezone(datetime.timedelta(hours=7))
DAY = 86400


def t(text):
    """RFC 3339 text → epoch seconds."""
    return int(datetime.datetime.fromisoformat(text).timestamp())


def rfc3339(seconds):
    return datetime.datetime.fromtimestamp(seconds, VN).isoformat()


# ---------------- keys (TEST-ONLY, derived from their names) ----------------
def es256_key(name):
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    scalar = int.from_bytes(hashlib.sha256(name.encode()).digest(), "big") % (order - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def ed25519_key(name):
    return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(name.encode()).digest())


KEYS = {
    "TEST-ONLY-VN-79-es256": es256_key("TEST-ONLY-VN-79-es256"),
    "TEST-ONLY-VN-01-ed25519": ed25519_key("TEST-ONLY-VN-01-ed25519"),
    "TEST-ONLY-VN-48-windowed-es256": es256_key("TEST-ONLY-VN-48-windowed-es256"),
    "TEST-ONLY-UNTRUSTED-es256": es256_key("TEST-ONLY-UNTRUSTED-es256"),
    "TEST-ONLY-ROOT-ed25519": ed25519_key("TEST-ONLY-ROOT-ed25519"),
}
K79, K01, K48, KUNTRUSTED, KROOT = (KEYS[n] for n in KEYS)
WINDOW = (t("2025-01-01T00:00:00+07:00"), t("2025-03-31T23:59:59+07:00"))  # the VN-48 key's nbf/exp


def jwk(private_key, iss, nbf=None, exp=None):
    pub = private_key.public_key()
    if isinstance(pub, ed25519.Ed25519PublicKey):
        raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        entry = {"kty": "OKP", "crv": "Ed25519", "x": ref.b64u(raw)}
        alg = "EdDSA"
    else:
        n = pub.public_numbers()
        entry = {"kty": "EC", "crv": "P-256", "x": ref.b64u(n.x.to_bytes(32, "big")), "y": ref.b64u(n.y.to_bytes(32, "big"))}
        alg = "ES256"
    entry.update({"kid": ref.b64u(ref.kid_of(pub)), "alg": alg, "iss": iss})
    if nbf is not None:
        entry["nbf"] = nbf
    if exp is not None:
        entry["exp"] = exp
    return entry


def raw_signature(private_key, message):
    """Ed25519, or ES256 as r ‖ s with an RFC 6979 nonce: the same bytes every run."""
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        return private_key.sign(message)
    r, s = decode_dss_signature(private_key.sign(message, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


# ---------------- signed cards ----------------
def cose(private_key, payload, protected=None, unprotected=None, tag=18, signature=None):
    pub = private_key.public_key()
    alg = -8 if isinstance(pub, ed25519.Ed25519PublicKey) else -7
    header = {1: alg, 4: ref.kid_of(pub)} if protected is None else protected
    p = cbor2.dumps(header, canonical=True)
    sig = raw_signature(private_key, ref.sig_structure(p, payload)) if signature is None else signature
    body = [p, unprotected or {}, payload, sig]
    return cbor2.dumps(cbor2.CBORTag(tag, body) if tag is not None else body, canonical=True)


def envelope(cose_bytes, compress=None):
    """`BHXH1:` + Base10 of the COSE_Sign1, zlib-compressed when that is shorter (or as told)."""
    packed = zlib.compress(cose_bytes, 9)
    use = compress if compress is not None else len(packed) < len(cose_bytes)
    return ref.PREFIX + ref.b10encode(packed if use else cose_bytes)


def card(**changes):
    c = {
        "code": "DN4790123456789", "fullName": "Nguyễn Văn An", "birthDate": "1990-04-15", "sex": "male",
        "address": "12 Lê Lợi, Phường Bến Thành, Quận 1, TP Hồ Chí Minh", "registeredFacility": "79024",
        "validFrom": "2025-01-01", "validTo": "2025-12-31", "issueDate": "2024-12-20",
        "managementCode": "79010123456789", "guardianName": None, "livingArea": None,
        "fiveYearsContinuousFrom": None, "checkString": None, "benefitLevel": 4, "issuingPlace": None,
    }
    c.update(changes)
    return c


ISSUED = t("2025-01-02T08:00:00+07:00")


def signed(c=None, key=K79, iss="VN-79", iat=ISSUED, claims=None, compress=None):
    claims = claims if claims is not None else ref.claims_from_card(c or card(), iss, iat)
    return envelope(cose(key, cbor2.dumps(claims, canonical=True)), compress)


def claims_of(c=None, iss="VN-79", iat=ISSUED):
    return ref.claims_from_card(c or card(), iss, iat)


# ---------------- legacy text (docs/FORMAT.md §1) ----------------
def legacy(c, generation=2016, check="0123456789abcdef-0101", level=None):
    def hx(s):
        return s.encode().hex() if s else "-"

    def d(iso):
        if not iso:
            return "-"
        if len(iso) == 4:
            return iso
        y, m, dd = iso.split("-")
        return f"{dd}/{m}/{y}"

    f = c["registeredFacility"]
    fields = [c["code"], hx(c["fullName"]), d(c["birthDate"]), "1" if c["sex"] == "male" else "2", hx(c.get("address")),
              f"{f[:2]} - {f[2:]}", d(c["validFrom"]), d(c.get("validTo")), d(c.get("issueDate")),
              c.get("managementCode") or "-", hx(c.get("guardianName")), c.get("livingArea") or "-",
              d(c.get("fiveYearsContinuousFrom")), check or "-"]
    if generation == 2021:
        fields += [str(level) if level else "-", hx(c.get("issuingPlace"))]
    return "|".join(fields) + "|$"


# ---------------- input methods (docs/FORMAT.md, "Input methods") ----------------
MARK = {"circumflex": "\u0302", "breve": "\u0306", "horn": "\u031B"}
TONES = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # sắc huyền hỏi ngã nặng
TELEX = {"shape": {("a", "a"): "circumflex", ("e", "e"): "circumflex", ("o", "o"): "circumflex",
                   ("a", "w"): "breve", ("o", "w"): "horn", ("u", "w"): "horn"}, "tone": "sfrxj", "d": "d"}
VNI = {"shape": {("a", "6"): "circumflex", ("e", "6"): "circumflex", ("o", "6"): "circumflex",
                 ("a", "8"): "breve", ("o", "7"): "horn", ("u", "7"): "horn"}, "tone": "12345", "d": "9"}


def split_letter(ch):
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    shape = next((k for k, m in MARK.items() if m in marks), None)
    tone = next((i for i, m in enumerate(TONES) if m in marks), None)
    return base, shape, tone


def make_letter(base, shape, tone):
    s = base + (MARK[shape] if shape else "") + (TONES[tone] if tone is not None else "")
    return unicodedata.normalize("NFC", s)


def mangle(text, method):
    """What a scanner's keystrokes become with the input method on: a modifier key applies to
    the character just produced when that character can take it."""
    out = []
    for key in text:
        prev = out[-1] if out else ""
        if prev and prev.isalpha():
            base, shape, tone = split_letter(prev)
            low = base.lower()
            if low == "d" and key.lower() == method["d"] and prev in "dD" and (method is VNI or key == prev):
                out[-1] = "đ" if prev == "d" else "Đ"
                continue
            kind = method["shape"].get((low, key.lower()))
            if kind and shape is None and (method is VNI or key.lower() != low or key == base):
                out[-1] = make_letter(base, kind, tone)
                continue
            if key.lower() in method["tone"] and low in "aeiouy" and tone is None:
                out[-1] = make_letter(base, shape, method["tone"].index(key.lower()))
                continue
        out.append(key)
    return "".join(out)


# ---------------- signed lists (docs/FORMAT.md §5) ----------------
def jws(private_key, typ, payload):
    pub = private_key.public_key()
    alg = "EdDSA" if isinstance(pub, ed25519.Ed25519PublicKey) else "ES256"
    header = json.dumps({"alg": alg, "kid": ref.b64u(ref.kid_of(pub)), "typ": typ}, separators=(",", ":"))
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    signing_input = ref.b64u(header.encode()) + "." + ref.b64u(body.encode())
    return signing_input + "." + ref.b64u(raw_signature(private_key, signing_input.encode())) + "\n"


def packed(numbers):
    out, prev = bytearray(), 0
    for n in sorted(numbers):
        v = n - prev
        prev = n
        while True:
            b = v & 0x7F
            v >>= 7
            out.append(b | (0x80 if v else 0))
            if not v:
                break
    return ref.b64u(bytes(out))


LIST_IAT = t("2025-06-01T00:00:00+07:00")
LIST_EXP = t("2025-06-08T00:00:00+07:00")
MAX_STALE = 30 * DAY  # the default --max-stale
REVOKED_NUMBER = "0000000042"
REVOKED_CODE = "HS4790000000777"
DATED = ("1111111111", "2025-03-01")  # cards of this number signed before 2025-03-01 00:00 (Vietnam)
AT = "2025-06-02T09:00:00+07:00"


# ---------------- the kit ----------------
def build(out: Path):
    files = {}

    def write(rel, data):
        files[rel] = data if isinstance(data, bytes) else data.encode()

    for name, key in KEYS.items():
        write(f"keys/{name}.key.pem", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
        write(f"keys/{name}.pub.pem", key.public_key().public_bytes(serialization.Encoding.PEM,
                                                                    serialization.PublicFormat.SubjectPublicKeyInfo))
    keys = [jwk(K79, "VN-79"), jwk(K01, "VN-01"), jwk(K48, "VN-48", *WINDOW)]
    write("trust/plain.json", json.dumps({"keys": keys}, indent=2) + "\n")
    write("trust/signed.jws", jws(KROOT, "bhyt-trust+jwt", {"iat": LIST_IAT, "exp": LIST_EXP, "seq": 1, "keys": keys}))
    revoked_text = (f"# conformance kit: revoked (TEST-ONLY)\n{REVOKED_NUMBER}\n{REVOKED_CODE}\n{DATED[0]} {DATED[1]}\n")
    write("revoked/plain.txt", revoked_text)
    write("revoked/signed.jws", jws(KROOT, "bhyt-revocation+jwt", {
        "iat": LIST_IAT, "exp": LIST_EXP, "seq": 1, "packed": packed([int(REVOKED_NUMBER)]),
        "revoked": [REVOKED_CODE, f"{DATED[0]} {DATED[1]}"]}))

    vectors = []

    def v(id, description, text, status, codes=(), trust="trust/plain.json", revoked="revoked/plain.txt", at=AT, **extra):
        vector = {"id": id, "description": description, "input": text, "trust": trust, "revoked": revoked, "at": at}
        vector.update(extra)
        vector["expect"] = {"status": status, "codes": list(codes)}
        vectors.append(vector)

    # -- signed cards that verify
    v("signed-es256-valid", "An ES256 card of a trusted VN-79 key, valid on the day.", signed(), "valid")
    v("signed-eddsa-valid", "An EdDSA (Ed25519) card of a trusted VN-01 key.", signed(key=K01, iss="VN-01"), "valid")
    long_address = "Thôn 1, Thôn 1, Thôn 1, Thôn 1, Xã Ea Tu, Xã Ea Tu, Xã Ea Tu, Thành phố Buôn Ma Thuột, Đắk Lắk"
    compressed = signed(card(address=long_address))
    assert ref.b10decode(compressed[6:])[:1] == b"\x78"
    v("signed-zlib-valid", "A card whose COSE_Sign1 is zlib-compressed (the payload starts with 0x78).", compressed, "valid")
    v("signed-uncompressed-valid", "The same card not compressed: a verifier must take both.",
      signed(card(address=long_address), compress=False), "valid")
    v("signed-lowercase-prefix", "The prefix in lower case (a scanner with Caps Lock on): the same card.",
      "bhxh1:" + signed()[6:], "valid")
    v("signed-scanner-line-end", "A scanner's CR LF after the card: not part of it.", signed() + "\r\n", "valid")
    open_ended = signed(card(validTo=None))
    v("signed-open-ended", "A card with no valid-to (no exp claim), years later.", open_ended, "valid",
      at="2040-01-01T09:00:00+07:00", trust="trust/plain.json")
    v("signed-2021-design", "A 2021-design card: a 10-digit code with its benefit level claim.",
      signed(card(code="0123456780", managementCode="79010123456780", benefitLevel=3)), "valid")
    v("signed-year-only-birth", "A birth date known only by its year (claim 4).",
      signed(card(birthDate="1956")), "valid")

    # -- validity: first and last second in Vietnam time
    v("valid-from-first-second", "00:00:00 Vietnam time of valid-from: valid (signed days before).",
      signed(iat=t("2024-12-30T08:00:00+07:00")), "valid", at="2025-01-01T00:00:00+07:00")
    v("valid-from-second-before", "23:59:59 the day before valid-from (Vietnam time): not yet valid.", signed(iat=t("2024-12-30T08:00:00+07:00")),
      "invalid", ["NOT_YET_VALID"], at="2024-12-31T23:59:59+07:00")
    v("valid-to-last-second", "23:59:59 Vietnam time of valid-to: still valid.", signed(), "valid", at="2025-12-31T23:59:59+07:00")
    v("valid-to-second-after", "00:00:00 the day after valid-to: expired.", signed(), "invalid", ["EXPIRED"],
      at="2026-01-01T00:00:00+07:00")
    v("valid-to-utc-offset", "The last second given in UTC (16:59:59Z is 23:59:59 in Vietnam).", signed(), "valid",
      at="2025-12-31T16:59:59Z")
    v("signed-after-verification-time", "Signed 301 s after the verification time (beyond the 5 minutes allowed for clocks).",
      signed(iat=t(AT) + 301), "invalid", ["NOT_YET_VALID"])
    v("signed-within-clock-skew", "Signed 300 s after the verification time: within the 5 minutes.",
      signed(iat=t(AT) + 300), "valid")

    # -- the key's window (trust list nbf/exp bound the signing time iat)
    v("key-window-first-second", "iat equal to the key's nbf.", signed(key=K48, iss="VN-48", iat=WINDOW[0]), "valid")
    v("key-window-last-second", "iat equal to the key's exp.", signed(key=K48, iss="VN-48", iat=WINDOW[1]), "valid")
    v("key-window-before", "iat one second before the key's nbf.", signed(key=K48, iss="VN-48", iat=WINDOW[0] - 1),
      "invalid", ["KEY_NOT_VALID"], at="2025-01-02T09:00:00+07:00")
    v("key-window-after", "iat one second after the key's exp (a retired or stolen key).",
      signed(key=K48, iss="VN-48", iat=WINDOW[1] + 1), "invalid", ["KEY_NOT_VALID"])

    # -- authentication
    v("key-unknown", "Signed by a key that is not in the trust list.", signed(key=KUNTRUSTED), "invalid", ["KEY_UNKNOWN"])
    v("key-unknown-empty-trust", "A good card against a trust list with no keys.", signed(), "invalid", ["KEY_UNKNOWN"],
      trust="trust/empty.json")
    write("trust/empty.json", json.dumps({"keys": []}) + "\n")
    good = ref.b10decode(signed(compress=False)[6:])
    tampered_sig = bytearray(good)
    tampered_sig[-1] ^= 0x01
    v("signature-flipped-bit", "One bit of the signature changed.", envelope(bytes(tampered_sig), compress=False),
      "invalid", ["SIGNATURE_INVALID"])
    forged_claims = claims_of()
    forged_claims[-65537][2] = "Trần Văn Bình"
    msg = cbor2.loads(good).value
    forged = cbor2.dumps(cbor2.CBORTag(18, [msg[0], msg[1], cbor2.dumps(forged_claims, canonical=True), msg[3]]), canonical=True)
    v("payload-changed", "The holder's name changed after signing, the signature kept.", envelope(forged, compress=False),
      "invalid", ["SIGNATURE_INVALID"])
    v("issuer-mismatch", "The VN-79 key signs a card claiming iss VN-01.", signed(iss="VN-01"), "invalid", ["ISSUER_MISMATCH"])
    eddsa_as_es256 = cose(K01, cbor2.dumps(claims_of(iss="VN-01"), canonical=True),
                          protected={1: -7, 4: ref.kid_of(K01.public_key())})
    v("alg-not-the-keys", "An Ed25519 key's kid under alg ES256: no trusted key of that algorithm made it.",
      envelope(eddsa_as_es256, compress=False), "invalid", ["SIGNATURE_INVALID"])

    # -- the envelope, stage by stage
    payload = cbor2.dumps(claims_of(), canonical=True)
    kid79 = ref.kid_of(K79.public_key())
    v("alg-es384", "alg ES384 (-35): not an algorithm of the format.",
      envelope(cose(K79, payload, protected={1: -35, 4: kid79}), compress=False), "invalid", ["ALG_UNSUPPORTED"])
    v("alg-ps256", "alg PS256 (-37).", envelope(cose(K79, payload, protected={1: -37, 4: kid79}), compress=False),
      "invalid", ["ALG_UNSUPPORTED"])
    v("kid-missing", "No kid in either header.", envelope(cose(K79, payload, protected={1: -7}), compress=False),
      "invalid", ["KID_MISSING"])
    v("cose-untagged", "A COSE_Sign1 array without tag 18.", envelope(cose(K79, payload, tag=None), compress=False),
      "invalid", ["COSE_MALFORMED"])
    v("cose-alg-unprotected", "alg in the unprotected header.",
      envelope(cose(K79, payload, protected={4: kid79}, unprotected={1: -7}), compress=False), "invalid", ["COSE_MALFORMED"])
    v("cose-three-members", "A tagged array of three members.",
      envelope(cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -7, 4: kid79}), {}, payload]), canonical=True), compress=False),
      "invalid", ["COSE_MALFORMED"])
    v("cbor-trailing-bytes", "A byte after the COSE_Sign1.", envelope(good + b"\x00", compress=False), "invalid", ["CBOR_MALFORMED"])
    # {4: kid, 1: -7}: a map with its keys out of order is not deterministic CBOR.
    out_of_order = b"\xa2\x04\x48" + kid79 + b"\x01\x26"
    v("cbor-not-deterministic", "The protected header's map with its keys out of order ({4: …, 1: -7}).",
      envelope(cbor2.dumps(cbor2.CBORTag(18, [out_of_order, {}, payload, raw_signature(K79, ref.sig_structure(out_of_order, payload))])),
               compress=False), "invalid", ["CBOR_MALFORMED"])
    v("cbor-truncated", "The COSE_Sign1 cut short by 10 bytes (the Base10 length still possible).",
      envelope(good[:-10], compress=False), "invalid", ["CBOR_MALFORMED"])
    v("zlib-corrupt", "A payload starting with 0x78 that does not inflate.",
      envelope(b"\x78\x9c" + bytes(range(40)), compress=False), "invalid", ["DECOMPRESS_FAILED"])
    digits = signed(compress=False)
    v("base10-group-overflow", "A 17-digit group larger than 2^56 − 1.", "BHXH1:99999999999999999" + digits[6 + 17:],
      "invalid", ["BASE10_INVALID"])
    v("base10-cut-short", "The digits cut short to an impossible length (a scanner stopped early): scan again.",
      digits[:-1], "unreadable", ["BASE10_INVALID"])
    v("base10-not-digits", "A letter among the digits.", digits[:40] + "A" + digits[41:], "unreadable", ["BASE10_INVALID"])
    v("format-unknown", "A bank's VietQR at the desk: no card.", "00020101021138570010A000000727012700069704360113", "unreadable",
      ["FORMAT_UNKNOWN"])
    v("input-too-large", "8,200 digits: over the 8192-byte input limit.", "BHXH1:" + "0" * 8194, "unreadable", ["INPUT_TOO_LARGE"])

    # -- claims under a good signature
    def with_claims(mutate, **kw):
        c = claims_of(**kw)
        mutate(c)
        return signed(claims=c)

    v("claims-float", "iat as a float (1735779600.0).", with_claims(lambda c: c.__setitem__(6, float(c[6]))),
      "invalid", ["CLAIMS_INVALID"])
    v("claims-no-iat", "No iat.", with_claims(lambda c: c.pop(6)), "invalid", ["CLAIMS_INVALID"])
    v("claims-nbf-not-day-start", "nbf one second after 00:00 Vietnam time.", with_claims(lambda c: c.__setitem__(5, c[5] + 1)),
      "invalid", ["CLAIMS_INVALID"])
    v("claims-unknown-card-key", "A card claim member 99 the format does not define.",
      with_claims(lambda c: c[-65537].__setitem__(99, 1)), "invalid", ["CLAIMS_INVALID"])
    v("claims-control-character", "A line feed inside the holder's name.",
      with_claims(lambda c: c[-65537].__setitem__(2, "Nguyễn\nVăn An")), "invalid", ["CLAIMS_INVALID"])
    v("card-code-benefit-mismatch", "Claim 16 says level 2 where the code's digit says 4 (and 16 may only differ).",
      with_claims(lambda c: c[-65537].__setitem__(16, 2)), "invalid", ["CARD_CODE_INVALID"])
    v("card-2021-without-level", "A 2021-design card (10-digit code) without a benefit level.",
      signed(card(code="0123456780", managementCode="79010123456780", benefitLevel=None)), "invalid", ["CARD_CODE_INVALID"])

    # -- revocation
    v("revoked-number", "The card's social-insurance number is revoked (all its cards).",
      signed(card(code="DN479" + REVOKED_NUMBER, managementCode="7901" + REVOKED_NUMBER)), "invalid", ["REVOKED"])
    v("revoked-code", "The card code itself is revoked.", signed(card(code=REVOKED_CODE, managementCode="7901" + REVOKED_CODE[5:])),
      "invalid", ["REVOKED"])
    dated = card(code="DN479" + DATED[0], managementCode="7901" + DATED[0])
    v("revoked-dated-before", "Signed before the date of a dated entry: revoked.", signed(dated, iat=t("2025-02-28T23:59:59+07:00")),
      "invalid", ["REVOKED"])
    v("revoked-dated-after", "Signed at the date of a dated entry: not revoked.", signed(dated, iat=t("2025-03-01T00:00:00+07:00")),
      "valid")
    v("revoked-signed-list", "The same revoked number through the signed revocation list (packed entries).",
      signed(card(code="DN479" + REVOKED_NUMBER, managementCode="7901" + REVOKED_NUMBER)), "invalid", ["REVOKED"],
      revoked="revoked/signed.jws")
    v("no-revocation-list", "No revocation list (an empty one): the revoked number verifies.",
      signed(card(code="DN479" + REVOKED_NUMBER, managementCode="7901" + REVOKED_NUMBER)), "valid", revoked=None)

    # -- signed lists: freshness at exp and exp + max-stale (default 30 days)
    s = {"trust": "trust/signed.jws", "revoked": "revoked/signed.jws"}
    v("lists-signed-fresh", "Both lists signed and current.", signed(), "valid", **s)
    v("lists-at-exp", "At the lists' exp: nothing said.", signed(), "valid", at=rfc3339(LIST_EXP), **s)
    v("trust-list-stale", "One second past the trust list's exp: the verdict stands, with a warning.",
      signed(), "valid", ["TRUST_LIST_STALE"], at=rfc3339(LIST_EXP + 1), trust="trust/signed.jws", revoked=None)
    v("trust-list-stale-last-second", "exp + 30 days exactly: still stale, not expired.",
      signed(), "valid", ["TRUST_LIST_STALE"], at=rfc3339(LIST_EXP + MAX_STALE), trust="trust/signed.jws", revoked=None)
    v("trust-list-expired", "exp + 30 days + 1 s: no signed card is valid; unverified.",
      signed(), "unverified", ["TRUST_LIST_EXPIRED"], at=rfc3339(LIST_EXP + MAX_STALE + 1), trust="trust/signed.jws", revoked=None)
    v("trust-list-expired-error-stands", "An expired trust list never lifts an error: a forged card stays invalid.",
      envelope(forged, compress=False), "invalid", ["SIGNATURE_INVALID"], at=rfc3339(LIST_EXP + MAX_STALE + 1),
      trust="trust/signed.jws", revoked=None)
    v("revocation-list-stale", "One second past the revocation list's exp.", signed(), "valid", ["REVOCATION_LIST_STALE"],
      at=rfc3339(LIST_EXP + 1), trust="trust/plain.json", revoked="revoked/signed.jws")
    v("revocation-list-expired", "Past exp + 30 days: a warning only (an old list misses recent revocations).",
      signed(), "valid", ["REVOCATION_LIST_EXPIRED"], at=rfc3339(LIST_EXP + MAX_STALE + 1),
      trust="trust/plain.json", revoked="revoked/signed.jws")

    # -- legacy cards
    plain = card(checkString="0123456789abcdef-0101")
    v("legacy-2016", "A 2016 legacy card (14 fields): never more than unverified.", legacy(plain), "unverified", ["LEGACY_UNSIGNED"])
    d2021 = card(code="0123456780", managementCode="79010123456780", benefitLevel=3, issuingPlace="Bảo hiểm xã hội TP Hồ Chí Minh")
    v("legacy-2021", "A 2021 legacy card (16 fields).", legacy(d2021, 2021, level=3), "unverified", ["LEGACY_UNSIGNED"])
    v("legacy-upper-hex", "Hex in upper case.", legacy(plain).upper().replace("|$", "|$"), "unverified", ["LEGACY_UNSIGNED"])
    v("legacy-expired", "A legacy card past its valid-to.", legacy(plain), "invalid", ["EXPIRED", "LEGACY_UNSIGNED"],
      at="2026-01-01T00:00:00+07:00")
    v("legacy-revoked", "A legacy card whose number is revoked.",
      legacy(card(code="DN479" + REVOKED_NUMBER, managementCode="7901" + REVOKED_NUMBER)), "invalid", ["REVOKED", "LEGACY_UNSIGNED"])
    v("legacy-field-count", "A legacy text cut after 9 fields (a scan stopped early): scan again.",
      "|".join(legacy(plain).split("|")[:9]), "unreadable", ["LEGACY_MALFORMED"])
    v("legacy-bad-date", "A valid-from of 31/02/2025.", legacy(plain).replace("01/01/2025", "31/02/2025", 1), "invalid", ["LEGACY_MALFORMED"])
    v("legacy-control-in-name", "A name whose hex decodes to a control character.",
      legacy(card(fullName="Nguyễn\u0007Văn An")), "invalid", ["LEGACY_MALFORMED"])
    v("legacy-2021-without-level", "A 2021 legacy card with no benefit level.", legacy(d2021, 2021, level=None),
      "invalid", ["CARD_CODE_INVALID", "LEGACY_UNSIGNED"])
    telex = mangle(legacy(plain), TELEX)
    assert telex != legacy(plain)
    v("ime-telex-repaired", "The 2016 card typed through Unikey (Telex): repaired, with a warning.", telex, "unverified",
      ["IME_MANGLED", "LEGACY_UNSIGNED"])
    vni_card = card(fullName="Lê Thị Hoa", address="Xã Hòa Bình", checkString="0123456789abcdef-0101")
    vni = mangle(legacy(vni_card), VNI)
    assert vni != legacy(vni_card)
    v("ime-vni-repaired", "A card typed through Unikey (VNI).", vni, "unverified", ["IME_MANGLED", "LEGACY_UNSIGNED"])
    v("ime-unrepairable", "A Telex-mangled text whose card code has a letter no key sequence gives back: no repair.",
      telex.replace("DN479", "DÂN479", 1), "unreadable", ["IME_MANGLED"])

    # -- the person: a citizen ID (CCCD) beside the card, or alone
    cccd = "079090001234|025123456|NGUYỄN VĂN AN|15041990|Nam|12 Lê Lợi, Phường Bến Thành, Quận 1, TP Hồ Chí Minh|10072021"
    v("cccd-holder", "The card with its holder's citizen ID (name in capitals, as printed).", signed(), "valid", citizenId=cccd)
    v("cccd-mismatch", "The card with another person's citizen ID: this visit is not the holder's.",
      signed(), "invalid", ["ID_MISMATCH"], citizenId=cccd.replace("15041990", "16041990").replace("NGUYỄN VĂN AN", "NGUYỄN VĂN ÂN"))
    v("cccd-diacritics-count", "A name differing only in a diacritic is another name.",
      signed(), "invalid", ["ID_MISMATCH"], citizenId=cccd.replace("NGUYỄN VĂN AN", "NGUYỄN VĂN ÂN"))
    child = card(code="TE1790123456789", fullName="Nguyễn Minh Khôi", birthDate="2021-04-30", guardianName="Nguyễn Văn An",
                 managementCode="79010123456789", benefitLevel=1)
    v("cccd-guardian", "A child's card with the guardian's citizen ID.", signed(child), "valid", citizenId=cccd)
    v("cccd-malformed-beside-card", "An ID that does not read beside a good card: a warning; the card's verdict stands.",
      signed(), "valid", ["CCCD_MALFORMED"], citizenId="079090001234|NGUYỄN VĂN AN")
    v("cccd-only", "A citizen ID where a card was expected: no card was read.", cccd, "unreadable", ["CCCD_ONLY"])
    v("cccd-only-six-fields", "A citizen ID without the old-ID field (six fields), alone.", cccd.replace("|025123456|", "|"),
      "unreadable", ["CCCD_ONLY"])
    v("cccd-only-malformed", "A citizen ID's QR with a birth date that is no date, alone.", cccd.replace("15041990", "1504199X"),
      "unreadable", ["CCCD_MALFORMED"])
    v("legacy-cccd-holder", "A legacy card and its holder's ID: still unverified.", legacy(plain), "unverified", ["LEGACY_UNSIGNED"],
      citizenId=cccd)

    # -- the facility
    v("facility-elsewhere", "A card registered at 79024 shown at 79001: a warning.", signed(), "valid", ["FACILITY_ELSEWHERE"],
      facility="79001")
    v("facility-here", "The same card at its own facility.", signed(), "valid", facility="79024")

    write("vectors.json", json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
    # The service profile: a verify endpoint started with these runs the vectors that use them (--url).
    write("service.json", json.dumps({"trust": "trust/plain.json", "revoked": "revoked/plain.txt", "at": AT}, indent=2) + "\n")
    write("README.md", README)
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


README = """# BHXH1 conformance kit (TEST-ONLY keys)

Generated by `scripts/conformance_kit.py`; do not edit. docs/CONFORMANCE.md says how to run it
against a verifier (`bhyt conformance run --kit conformance --cmd '…'`) and what each group of
vectors tests. Every key here is a test key: never trust it outside tests.
"""


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "conformance"), help="the kit's folder (default: conformance/)")
    p.add_argument("--check", action="store_true", help="regenerate into a temporary folder and compare with --out")
    a = p.parse_args()
    if a.check:
        with tempfile.TemporaryDirectory() as tmp:
            files = build(Path(tmp))
            out = Path(a.out)
            have = {str(f.relative_to(out)) for f in out.rglob("*") if f.is_file()}
            differ = sorted(r for r in files if not (out / r).is_file() or (out / r).read_bytes() != files[r])
            extra = sorted(have - set(files))
            if differ or extra:
                print("conformance kit out of date (run scripts/conformance_kit.py):", *differ, *extra, file=sys.stderr)
                sys.exit(1)
            print(f"conformance kit up to date: {len(files)} files")
        return
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    files = build(out)
    n = len(json.loads(files["vectors.json"]))
    print(f"wrote {out}: {n} vectors, {len(files)} files")


if __name__ == "__main__":
    main()
