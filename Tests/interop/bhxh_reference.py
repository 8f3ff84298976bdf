"""An independent BHXH1 signed-card implementation, written from docs/FORMAT.md and
../shared/reference/signed-card-envelope.md (not from the Swift code), with cbor2 and
cryptography. Used by the interop tests and as the Python peer in benchmarks."""
import base64
from collections.abc import Mapping
import datetime
import hashlib
import json
import zlib

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

PREFIX = "BHXH1:"
D = [0, 3, 5, 8, 10, 13, 15, 17]
VN = datetime.timezone(datetime.timedelta(hours=7))
EPOCH = datetime.date(1970, 1, 1)


class Refused(Exception):
    """A refusal with the stage code of docs/VERIFYING.md."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code = code


# ---------------- Base10 ----------------
def b10encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 7):
        g = data[i:i + 7]
        out.append(str(int.from_bytes(g, "big")).zfill(D[len(g)]))
    return "".join(out)


def b10decode(s: str) -> bytes:
    if not s.isascii() or not s.isdigit() and s != "":
        raise Refused("BASE10_INVALID", "non-digit")
    rem = len(s) % 17
    if rem not in D:
        raise Refused("BASE10_INVALID", f"length {len(s)}")
    out = bytearray()
    i = 0
    while i < len(s):
        n = min(17, len(s) - i)
        k = D.index(n)
        v = int(s[i:i + n])
        if v >= 256 ** k:
            raise Refused("BASE10_INVALID", "group overflow")
        out += v.to_bytes(k, "big")
        i += n
    return bytes(out)


# ---------------- keys ----------------
def spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def kid_of(public_key) -> bytes:
    return hashlib.sha256(spki(public_key)).digest()[:8]


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def unb64u(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def load_trust(path_or_set):
    """JWK Set (a file, or the parsed object) → list of dicts {key, kid, alg, iss, nbf, exp};
    broken entries are left out."""
    keys = []
    jwks = path_or_set if isinstance(path_or_set, Mapping) else json.load(open(path_or_set))
    for e in jwks["keys"]:
        try:
            if e["kty"] == "EC" and e["crv"] == "P-256" and e["alg"] == "ES256":
                x, y = unb64u(e["x"]), unb64u(e["y"])
                k = ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()).public_key()
            elif e["kty"] == "OKP" and e["crv"] == "Ed25519" and e["alg"] == "EdDSA":
                k = ed25519.Ed25519PublicKey.from_public_bytes(unb64u(e["x"]))
            else:
                continue
            if unb64u(e["kid"]) != kid_of(k) or not e.get("iss"):
                continue
            keys.append({"key": k, "kid": kid_of(k), "alg": e["alg"], "iss": e["iss"], "nbf": e.get("nbf"), "exp": e.get("exp")})
        except (KeyError, ValueError):
            continue
    return keys


# ---------------- COSE ----------------
def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload], canonical=True)


def sign(private_key, payload: bytes) -> bytes:
    pub = private_key.public_key()
    alg = -8 if isinstance(private_key, ed25519.Ed25519PrivateKey) else -7
    protected = cbor2.dumps({1: alg, 4: kid_of(pub)}, canonical=True)
    tbs = sig_structure(protected, payload)
    if alg == -8:
        sig = private_key.sign(tbs)
    else:
        r, s = decode_dss_signature(private_key.sign(tbs, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, sig]), canonical=True)


def verify_signature(public_key, alg, protected, payload, sig) -> bool:
    tbs = sig_structure(protected, payload)
    try:
        if alg == -8 and isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(sig, tbs)
        elif alg == -7 and isinstance(public_key, ec.EllipticCurvePublicKey) and len(sig) == 64:
            der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
            public_key.verify(der, tbs, ec.ECDSA(hashes.SHA256()))
        else:
            return False
        return True
    except InvalidSignature:
        return False


def strict_loads(data: bytes):
    """cbor2 decode, then require the bytes to be the canonical encoding of what was read."""
    try:
        value = cbor2.loads(data)
    except Exception as e:  # cbor2 raises several types
        raise Refused("CBOR_MALFORMED", str(e))
    try:
        again = cbor2.dumps(value, canonical=True)
    except Exception as e:
        raise Refused("CBOR_MALFORMED", str(e))
    if again != data:
        raise Refused("CBOR_MALFORMED", "not deterministic CBOR (or trailing bytes)")
    return value


def unwrap(text: str):
    """BHXH1 text → (protected bytes, protected map, unprotected, payload, signature)."""
    text = text.strip()
    if not text.startswith(PREFIX):
        raise Refused("FORMAT_UNKNOWN")
    raw = b10decode(text[len(PREFIX):])
    if raw[:1] == b"\x78":
        try:
            d = zlib.decompressobj()
            raw = d.decompress(raw, 16384)
            if d.unconsumed_tail or d.unused_data or not d.eof:
                raise Refused("DECOMPRESS_FAILED")
        except zlib.error as e:
            raise Refused("DECOMPRESS_FAILED", str(e))
    msg = strict_loads(raw)
    if not isinstance(msg, cbor2.CBORTag) or msg.tag != 18:
        raise Refused("COSE_MALFORMED", "not tag 18")
    parts = msg.value
    if not isinstance(parts, (list, tuple)) or len(parts) != 4:
        raise Refused("COSE_MALFORMED")
    protected, unprotected, payload, sig = parts
    if not all(isinstance(p, bytes) for p in (protected, payload, sig)) or not isinstance(unprotected, Mapping):
        raise Refused("COSE_MALFORMED")
    header = strict_loads(protected) if protected else {}
    if not isinstance(header, Mapping):
        raise Refused("COSE_MALFORMED")
    if 1 in unprotected:
        raise Refused("COSE_MALFORMED", "alg unprotected")
    alg = header.get(1)
    if alg is None:
        raise Refused("COSE_MALFORMED", "no alg")
    if alg not in (-7, -8):
        raise Refused("ALG_UNSUPPORTED", str(alg))
    kid = header.get(4, unprotected.get(4) if 4 not in header else None)
    if not isinstance(kid, bytes) or not kid:
        raise Refused("KID_MISSING")
    return protected, alg, kid, payload, sig


def verify(text: str, trust, at=None):
    """Full verification against a trust list at time `at` (None: no validity check): returns the claims and the card."""
    protected, alg, kid, payload, sig = unwrap(text)
    claims = strict_loads(payload)
    if not isinstance(claims, Mapping):
        raise Refused("CLAIMS_INVALID")
    candidates = [k for k in trust if k["kid"] == kid]
    if not candidates:
        raise Refused("KEY_UNKNOWN")
    iat = claims.get(6)
    valid = [k for k in candidates if (k["nbf"] is None or iat >= k["nbf"]) and (k["exp"] is None or iat <= k["exp"])]
    if not valid:
        raise Refused("KEY_NOT_VALID")
    signer = next((k for k in valid if verify_signature(k["key"], alg, protected, payload, sig)), None)
    if signer is None:
        raise Refused("SIGNATURE_INVALID")
    card = card_from_claims(claims)
    if claims.get(1) != signer["iss"]:
        raise Refused("ISSUER_MISMATCH")
    if at is not None and at < claims[5]:
        raise Refused("NOT_YET_VALID")
    if at is not None and 4 in claims and at > claims[4]:
        raise Refused("EXPIRED")
    return claims, card


# ---------------- the card claim (docs/FORMAT.md §4) ----------------
def day(n):
    return (EPOCH + datetime.timedelta(days=n)).isoformat()


def vn_date(ts):
    return datetime.datetime.fromtimestamp(ts, VN).date()


def card_from_claims(claims):
    """Card JSON form (docs/FORMAT.md §3, input members) from CWT claims."""
    c = claims.get(-65537)
    if not isinstance(c, Mapping):
        raise Refused("CLAIMS_INVALID", "no card")
    allowed = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
    if set(c) - allowed or (3 in c) == (4 in c):
        raise Refused("CLAIMS_INVALID", "keys")
    nbf = claims.get(5)
    start = vn_date(nbf)
    if datetime.datetime.combine(start, datetime.time(), VN).timestamp() != nbf:
        raise Refused("CLAIMS_INVALID", "nbf")
    valid_to = None
    if 4 in claims:
        end = vn_date(claims[4])
        if datetime.datetime.combine(end, datetime.time(23, 59, 59), VN).timestamp() != claims[4]:
            raise Refused("CLAIMS_INVALID", "exp")
        valid_to = end.isoformat()
    code = c[1]
    sin = code if len(code) == 10 else (code[5:] if code[5:].isdigit() and code[2] in "12345" else None)
    facility = c[7]
    facility = str(facility).zfill(5) if isinstance(facility, int) else facility
    mc = c.get(11)
    if 18 in c:
        mc = str(c[18]).zfill(4) + sin
    cs = c.get(15)
    if 19 in c:
        b = c[19]
        cs = b[:8].hex() + "-" + str(int.from_bytes(b[8:], "big")).zfill(4)
    area = c.get(13)
    level = c.get(16)
    if level is None and len(code) == 15 and code[2] in "12345":
        level = int(code[2])
    return {
        "code": code, "fullName": c[2],
        "birthDate": day(c[3]) if 3 in c else str(c[4]).zfill(4),
        "sex": {1: "male", 2: "female"}[c[5]], "address": c.get(6), "registeredFacility": facility,
        "validFrom": start.isoformat(), "validTo": valid_to,
        "issueDate": (start - datetime.timedelta(days=c[10])).isoformat() if 10 in c else None,
        "managementCode": mc, "guardianName": c.get(12),
        "livingArea": None if area is None else str(area), "fiveYearsContinuousFrom": day(c[14]) if 14 in c else None,
        "checkString": cs, "benefitLevel": level, "issuingPlace": c.get(17),
    }


def claims_from_card(card, iss, iat):
    """The inverse of card_from_claims, for a card in its JSON form."""
    def days(iso):
        return (datetime.date.fromisoformat(iso) - EPOCH).days

    start = datetime.date.fromisoformat(card["validFrom"])
    c = {1: card["code"], 2: card["fullName"], 5: 1 if card["sex"] == "male" else 2}
    if len(card["birthDate"]) == 4:
        c[4] = int(card["birthDate"])
    else:
        c[3] = days(card["birthDate"])
    f = card["registeredFacility"]
    c[7] = int(f) if f.isdigit() else f
    if card.get("address") is not None:
        c[6] = card["address"]
    if card.get("issueDate"):
        c[10] = (start - datetime.date.fromisoformat(card["issueDate"])).days
    code = card["code"]
    sin = code if len(code) == 10 else (code[5:] if code[5:].isdigit() and code[2] in "12345" else None)
    mc = card.get("managementCode")
    if mc is not None:
        if sin and len(mc) == 14 and mc.isdigit() and mc.endswith(sin):
            c[18] = int(mc[:4])
        else:
            c[11] = mc
    if card.get("guardianName") is not None:
        c[12] = card["guardianName"]
    area = card.get("livingArea")
    if area is not None:
        c[13] = int(area) if len(area) == 1 and area.isdigit() else area
    if card.get("fiveYearsContinuousFrom"):
        c[14] = days(card["fiveYearsContinuousFrom"])
    cs = card.get("checkString")
    if cs is not None:
        h, _, suffix = cs.partition("-")
        if len(cs) == 21 and len(h) == 16 and all(ch in "0123456789abcdef" for ch in h) and len(suffix) == 4 and suffix.isdigit():
            c[19] = bytes.fromhex(h) + int(suffix).to_bytes(2, "big")
        else:
            c[15] = cs
    code_level = int(code[2]) if len(code) == 15 and code[2] in "12345" else None
    if card.get("benefitLevel") is not None and card["benefitLevel"] != code_level:
        c[16] = card["benefitLevel"]
    if card.get("issuingPlace") is not None:
        c[17] = card["issuingPlace"]
    claims = {1: iss, 6: iat, 5: int(datetime.datetime.combine(start, datetime.time(), VN).timestamp()), -65537: c}
    if card.get("validTo"):
        end = datetime.date.fromisoformat(card["validTo"])
        claims[4] = int(datetime.datetime.combine(end, datetime.time(23, 59, 59), VN).timestamp())
    return claims


def issue(card, iss, iat, private_key) -> str:
    cose = sign(private_key, cbor2.dumps(claims_from_card(card, iss, iat), canonical=True))
    packed = zlib.compress(cose, 9)
    return PREFIX + b10encode(packed if len(packed) < len(cose) else cose)
