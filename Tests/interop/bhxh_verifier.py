#!/usr/bin/env python3
"""A second verifier, written from docs/FORMAT.md and docs/VERIFYING.md (not from the Swift
code), on bhxh_reference.py: signed cards, legacy text (with the input-method repair), citizen
IDs, plain and signed lists with their freshness. The conformance kit runs it in `make test`:

    bhyt conformance run --kit conformance \\
      --cmd 'python bhxh_verifier.py --trust {trust} --revoked {revoked} --at {at} --id {cccd} --facility {facility} {input}'

It prints one JSON object: {"status", "reasons": [{"code", "severity"}]}. Lists are used
without a pinned root (their dates count; their signatures are not checked here).
"""
import argparse
import datetime
import itertools
import json
import re
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
import bhxh_reference as ref  # noqa: E402

VN = ref.VN
MAX_STALE = 30 * 86400
UNREADABLE = {"INPUT_TOO_LARGE", "FORMAT_UNKNOWN", "BASE10_INVALID", "IME_MANGLED", "LEGACY_MALFORMED", "CCCD_ONLY", "CCCD_MALFORMED"}
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class Verdict:
    def __init__(self):
        self.reasons = []
        self.card = None        # the card read (a legacy card, or an authenticated signed card)
        self.authenticated = False
        self.withheld = False   # TRUST_LIST_EXPIRED
        self.unreadable_errors = set()

    def error(self, code, unreadable=False):
        self.reasons.append({"code": code, "severity": "error"})
        if unreadable:
            self.unreadable_errors.add(len(self.reasons) - 1)

    def warning(self, code):
        self.reasons.append({"code": code, "severity": "warning"})

    def status(self):
        errors = [i for i, r in enumerate(self.reasons) if r["severity"] == "error"]
        if errors:
            if self.card is None and all(i in self.unreadable_errors for i in errors):
                return "unreadable"
            return "invalid"
        if self.authenticated:
            return "unverified" if self.withheld else "valid"
        return "unverified" if self.card is not None else "unreadable"


# ---------------- lists ----------------
def read_list(path):
    """(text or parsed JSON payload, exp or None) of a plain or signed (JWS) list."""
    raw = Path(path).read_text(encoding="utf-8-sig")
    stripped = raw.strip()
    if stripped.count(".") == 2 and not stripped.startswith("{") and "\n" not in stripped:
        header, payload, _ = stripped.split(".")
        body = json.loads(ref.unb64u(payload))
        return body, body["exp"]
    return raw, None


def load_trust(path):
    body, exp = read_list(path)
    return ref.load_trust(json.loads(body) if isinstance(body, str) else {"keys": body["keys"]}), exp


def load_revoked(path):
    """[(kind, value, before-epoch or None)] and exp."""
    if not path or not Path(path).read_bytes().strip():
        return [], None
    body, exp = read_list(path)
    lines = body.splitlines() if isinstance(body, str) else list(body.get("revoked", []))
    entries = []
    if not isinstance(body, str) and "packed" in body:
        prev = v = shift = 0
        for b in ref.unb64u(body["packed"]):
            v |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                prev += v
                if prev < 2 ** 62:
                    entries.append(("number", str(prev).zfill(10), None))
                v = shift = 0
    for line in lines:
        line = line.split("#")[0].strip()
        if not line:
            continue
        parts = line.split()
        before = None
        if len(parts) > 1:
            when = parts[1]
            before = int(datetime.datetime.fromisoformat(when if "T" in when else when + "T00:00:00+07:00").timestamp())
        kind = "number" if len(parts[0]) == 10 else "code"
        entries.append((kind, parts[0].upper(), before))
    return entries, exp


def freshness(v, exp, at, stale, expired):
    if exp is None or at <= exp:
        return False
    if at <= exp + MAX_STALE:
        v.warning(stale)
        return False
    v.warning(expired)
    return True


def number_of(code):
    if len(code) == 10:
        return code
    return code[5:] if code[5:].isdigit() and code[2] in "12345" else None


def is_revoked(code, entries, signed_at):
    number = number_of(code)
    for kind, value, before in entries:
        if (kind == "number" and value == number) or (kind == "code" and value == code.upper()):
            if before is None or signed_at is None or signed_at < before:
                return True
    return False


# ---------------- signed cards ----------------
def no_floats_or_controls(value):
    if isinstance(value, float):
        return False
    if isinstance(value, str):
        return not CONTROL.search(value)
    if isinstance(value, Mapping):
        return all(no_floats_or_controls(k) and no_floats_or_controls(x) for k, x in value.items())
    if isinstance(value, (list, tuple)):
        return all(no_floats_or_controls(x) for x in value)
    return True


def verify_signed(v, text, trust, at):
    if len(text.encode()) > 7200:
        return v.error("INPUT_TOO_LARGE", unreadable=True)
    digits = text[len(ref.PREFIX):]
    if not digits.isascii() or not digits.isdigit() or len(digits) % 17 not in ref.D:
        return v.error("BASE10_INVALID", unreadable=True)
    try:
        protected, alg, kid, payload, sig = ref.unwrap(ref.PREFIX + digits)
    except ref.Refused as e:
        return v.error(e.code)
    candidates = [k for k in trust if k["kid"] == kid]
    if not candidates:
        return v.error("KEY_UNKNOWN")
    signers = [k for k in candidates if ref.verify_signature(k["key"], alg, protected, payload, sig)]
    if not signers:
        return v.error("SIGNATURE_INVALID")
    try:
        claims = ref.strict_loads(payload)
    except ref.Refused:
        return v.error("CLAIMS_INVALID")
    ok = (isinstance(claims, Mapping) and isinstance(claims.get(1), str) and type(claims.get(6)) is int
          and type(claims.get(5)) is int and (4 not in claims or type(claims[4]) is int) and no_floats_or_controls(claims))
    if not ok:
        return v.error("CLAIMS_INVALID")
    issuers = [k for k in signers if k["iss"] == claims[1]]
    if not issuers:
        return v.error("ISSUER_MISMATCH")
    iat = claims[6]
    if not any((k["nbf"] is None or iat >= k["nbf"]) and (k["exp"] is None or iat <= k["exp"]) for k in issuers):
        return v.error("KEY_NOT_VALID")
    try:
        card = ref.card_from_claims(claims)
    except (ref.Refused, KeyError, TypeError, ValueError):
        return v.error("CLAIMS_INVALID")
    c = claims[-65537]
    if not isinstance(c.get(1), str) or not isinstance(c.get(2), str):
        return v.error("CLAIMS_INVALID")
    v.card, v.authenticated = card, True
    if at < claims[5] or iat > at + 300:
        v.error("NOT_YET_VALID")
    if 4 in claims and at > claims[4]:
        v.error("EXPIRED")
    return iat


# ---------------- legacy text ----------------
def hex_text(token, required=False):
    if token in ("", "-"):
        return not required
    if len(token) % 2 or not re.fullmatch("[0-9a-fA-F]+", token):
        return False
    try:
        s = bytes.fromhex(token).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(s) and not CONTROL.search(s)


def full_date(token):
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", token)
    if not m:
        return None
    try:
        return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


def optional_date(token):
    return token in ("", "-") or full_date(token) is not None


def field_ok(i, token, generation):
    t = token.strip()
    if i == 0:
        return bool(re.fullmatch(r"\d{10}", t)) if generation == 2021 else bool(re.fullmatch(r"[A-Za-z]{2}[0-9A-Za-z]{13}", t))
    checks = {
        1: lambda: hex_text(t, required=True),
        2: lambda: full_date(t) is not None or bool(re.fullmatch(r"\d{4}", t)),
        3: lambda: t in ("1", "2"),
        4: lambda: hex_text(t),
        5: lambda: bool(re.fullmatch(r"\d\d\s*[-\u2013]\s*\d{3}|\d{5}", t)),
        6: lambda: full_date(t) is not None,
        7: lambda: optional_date(t), 8: lambda: optional_date(t), 12: lambda: optional_date(t),
        9: lambda: t in ("", "-") or t.isdigit(),
        10: lambda: hex_text(t),
        11: lambda: t in ("", "-") or bool(re.fullmatch(r"\d", t)),
        13: lambda: t in ("", "-") or all(0x21 <= ord(ch) < 0x7F for ch in t),
        14: lambda: t in ("", "-") or t in "12345" and len(t) == 1,
        15: lambda: hex_text(t),
    }
    return checks[i]()


def split_legacy(text):
    fields = text.split("|")
    if fields[-1].strip() in ("$", ""):
        fields = fields[:-1]
    return fields


def parse_legacy(text):
    """(fields, problem) where problem is None, 'count' or 'field'."""
    fields = split_legacy(text)
    if len(fields) not in (14, 16):
        return fields, "count"
    generation = 2016 if len(fields) == 14 else 2021
    if not all(field_ok(i, f, generation) for i, f in enumerate(fields)):
        return fields, "field"
    return fields, None


MARK = {"\u0302": "circumflex", "\u0306": "breve", "\u031b": "horn"}
TONES = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
METHODS = {
    "telex": {"circumflex": None, "breve": "w", "horn": "w", "tone": "sfrxj", "d": "d"},
    "vni": {"circumflex": "6", "breve": "8", "horn": "7", "tone": "12345", "d": "9"},
}


def key_sequences(ch, m):
    """Every key sequence that method `m` turns into the letter `ch`."""
    if ch.isascii():
        return [ch]
    if ch in "đĐ":
        return [ch.replace("đ", "d").replace("Đ", "D") + (m["d"] if m["d"] != "d" else ("d" if ch == "đ" else "D"))]
    parts = unicodedata.normalize("NFD", ch)
    base = parts[0]
    if not base.isascii():
        return []
    shape = next((MARK[x] for x in parts[1:] if x in MARK), None)
    tone = next((i for i, x in enumerate(TONES) if x in parts[1:]), None)
    shape_key = (base if m["circumflex"] is None and shape == "circumflex" else m.get(shape)) if shape else ""
    tone_key = m["tone"][tone] if tone is not None else ""
    if shape and tone is not None:
        return [base + shape_key + tone_key, base + tone_key + shape_key]
    return [base + shape_key + tone_key]


def repair(text):
    """The one repaired text over both input methods and whether the check string was lost, or None."""
    if text.isascii():
        return None
    results = set()
    for m in METHODS.values():
        fields = split_legacy(text)
        tail = text[len("|".join(fields)):]
        if len(fields) not in (14, 16):
            continue
        generation = 2016 if len(fields) == 14 else 2021
        out, lost, failed = [], False, False
        for i, token in enumerate(fields):
            options = [key_sequences(ch, m) for ch in token]
            if any(not o for o in options):
                failed = True
                break
            count = 1
            for o in options:
                count *= len(o)
            if count > 4096:
                failed = True
                break
            good = {"".join(p) for p in itertools.product(*options)}
            good = [g for g in good if field_ok(i, g, generation)]
            if len(good) == 1:
                out.append(good[0])
            elif len(good) > 1 and i == 13:
                out.append("-")
                lost = True
            else:
                failed = True
                break
        if not failed:
            results.add(("|".join(out) + tail, lost))
    return results.pop() if len(results) == 1 else None


def legacy_card(fields):
    def date(t):
        d = full_date(t.strip())
        return d
    code = fields[0].strip().upper()
    level = None
    if len(fields) == 16:
        level = int(fields[14]) if fields[14].strip() not in ("", "-") else None
    elif code[2] in "12345":
        level = int(code[2])
    return {"code": code, "fullName": bytes.fromhex(fields[1].strip()).decode(), "validFrom": date(fields[6]),
            "validTo": date(fields[7]) if fields[7].strip() not in ("", "-") else None,
            "issueDate": date(fields[8]) if fields[8].strip() not in ("", "-") else None,
            "birthDate": fields[2].strip(), "sex": "male" if fields[3].strip() == "1" else "female",
            "guardianName": bytes.fromhex(fields[10].strip()).decode() if fields[10].strip() not in ("", "-") else None,
            "benefitLevel": level, "generation": 2016 if len(fields) == 14 else 2021}


def verify_legacy(v, text, at):
    if len(text.encode()) > 4096:
        return v.error("LEGACY_MALFORMED", unreadable=True)
    fields, problem = parse_legacy(text)
    if problem and not text.isascii():
        repaired = repair(text)
        if repaired is None:
            return v.error("IME_MANGLED", unreadable=True)
        v.warning("IME_MANGLED")
        fields, problem = parse_legacy(repaired[0])
    if problem == "count":
        return v.error("LEGACY_MALFORMED", unreadable=True)
    if problem:
        return v.error("LEGACY_MALFORMED")
    card = legacy_card(fields)
    v.card = card
    today = datetime.datetime.fromtimestamp(at, VN).date()
    if today < card["validFrom"]:
        v.error("NOT_YET_VALID")
    if card["validTo"] and today > card["validTo"]:
        v.error("EXPIRED")
    if card["generation"] == 2021 and card["benefitLevel"] is None:
        v.error("CARD_CODE_INVALID")
    return card


# ---------------- citizen ID ----------------
def read_cccd(text):
    f = text.strip().split("|")
    if len(f) == 6:
        f = f[:1] + [""] + f[1:]
    if len(f) < 7:
        return None
    pid, old, name, birth, sex, _address, issued = f[:7]
    name = unicodedata.normalize("NFC", name)
    sex = unicodedata.normalize("NFC", sex.strip())

    def ddmmyyyy(t, year_only=False):
        if year_only and (re.fullmatch(r"\d{4}", t) or re.fullmatch(r"0000\d{4}", t)):
            return t[-4:]
        if not re.fullmatch(r"\d{8}", t):
            return None
        try:
            return datetime.date(int(t[4:]), int(t[2:4]), int(t[:2])).isoformat()
        except ValueError:
            return None
    b = ddmmyyyy(birth.strip(), year_only=True)
    if not re.fullmatch(r"\d{12}", pid) or not re.fullmatch(r"(\d{9})?", old) or not name.strip() or b is None \
            or sex not in ("Nam", "Nữ") or ddmmyyyy(issued.strip()) is None:
        return None
    return {"name": name, "birthDate": b, "sex": "male" if sex == "Nam" else "female"}


def same_name(a, b):
    def norm(s):
        return " ".join(unicodedata.normalize("NFC", s).lower().split())
    return a is not None and norm(a) == norm(b)


def same_birth(card_birth, id_birth):
    if len(card_birth) == 4 or len(id_birth) == 4:
        return card_birth[:4] == id_birth[:4] or card_birth[-4:] == id_birth[-4:]
    return card_birth == id_birth


def compare(v, card, person):
    birth = card["birthDate"]
    if "/" in birth:
        d, m, y = birth.split("/")
        birth = f"{y}-{m}-{d}"
    if same_name(card["fullName"], person["name"]) and same_birth(birth, person["birthDate"]) and card["sex"] == person["sex"]:
        return
    if same_name(card.get("guardianName"), person["name"]):
        return
    v.error("ID_MISMATCH")


# ---------------- the verdict ----------------
def verify(text, trust_path, revoked_path, at, cccd=None, facility=None):
    v = Verdict()
    if len(text.encode()) > 8192:
        v.error("INPUT_TOO_LARGE", unreadable=True)
        return v
    text = text.lstrip(" \t").rstrip(" \t\r\n")
    trust, trust_exp = load_trust(trust_path)
    revoked, revoked_exp = load_revoked(revoked_path)
    first = text.split("|")[0]
    if text[:6].upper() == ref.PREFIX:
        iat = verify_signed(v, ref.PREFIX + text[6:], trust, at)
        if v.authenticated:
            if is_revoked(v.card["code"], revoked, iat):
                v.error("REVOKED")
            c = v.card
            if len(c["code"]) == 15 and c["code"][2] in "12345" and c["benefitLevel"] != int(c["code"][2]):
                v.error("CARD_CODE_INVALID")
            if len(c["code"]) == 10 and c["benefitLevel"] is None:
                v.error("CARD_CODE_INVALID")
            if facility and c["registeredFacility"] != facility.replace(" ", "").replace("-", ""):
                v.warning("FACILITY_ELSEWHERE")
            v.withheld = freshness(v, trust_exp, at, "TRUST_LIST_STALE", "TRUST_LIST_EXPIRED")
            freshness(v, revoked_exp, at, "REVOCATION_LIST_STALE", "REVOCATION_LIST_EXPIRED")
    elif re.fullmatch(r"\d{12}", first):
        v.error("CCCD_ONLY" if read_cccd(text) else "CCCD_MALFORMED", unreadable=True)
        return v
    elif "|" in text:
        card = verify_legacy(v, text, at)
        if card is not None:
            if is_revoked(card["code"], revoked, None):
                v.error("REVOKED")
            v.warning("LEGACY_UNSIGNED")
    else:
        v.error("FORMAT_UNKNOWN", unreadable=True)
        return v
    if cccd and v.card is not None:
        person = read_cccd(cccd)
        if person is None:
            v.warning("CCCD_MALFORMED")
        else:
            compare(v, v.card, person)
    return v


def main():
    p = argparse.ArgumentParser(description="Verify one card's QR text (the conformance kit's second implementation).")
    p.add_argument("--trust", required=True)
    p.add_argument("--revoked", default="")
    p.add_argument("--at", required=True, help="RFC 3339")
    p.add_argument("--id", default="", help="a citizen ID's QR text (empty: none)")
    p.add_argument("--facility", default="", help="this clinic's facility code (empty: none)")
    p.add_argument("input")
    a = p.parse_args()
    at = int(datetime.datetime.fromisoformat(a.at.replace("Z", "+00:00")).timestamp())
    v = verify(a.input, a.trust, a.revoked, at, a.id or None, a.facility or None)
    print(json.dumps({"status": v.status(), "reasons": v.reasons}, ensure_ascii=False))


if __name__ == "__main__":
    main()
