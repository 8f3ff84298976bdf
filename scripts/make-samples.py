#!/usr/bin/env python3
"""Writes the synthetic sample cards in samples/ (no real person's data).

Independent of the Swift code: it formats the legacy QR text from docs/FORMAT.md
and ../shared/reference/legacy-bhyt-qr.md, and produces input-method mangling with
its own implementation of the Telex and VNI adjacent-key rules.

    python3 scripts/make-samples.py      # rewrites samples/legacy, samples/cards, samples/malformed
"""
import json
import os
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")

CARDS = {
    # name: (card JSON form, generation)
    "dn-2016": {
        "code": "DN4790123456789", "fullName": "Phạm Thu Hà", "birthDate": "1990-07-21", "sex": "female",
        "address": "Công ty TNHH Dệt May Sông Hồng, Quận 7", "registeredFacility": "79024",
        "validFrom": "2024-01-01", "validTo": "2024-12-31", "issueDate": "2023-12-15",
        "managementCode": "79010123456789", "guardianName": None, "livingArea": "4",
        "fiveYearsContinuousFrom": "2027-01-01", "checkString": "4c1d8e2fa0b37a65-7102",
        "benefitLevel": 4, "issuingPlace": None},
    "hs-2016": {
        "code": "HS4010234567891", "fullName": "Lê Minh Khoa", "birthDate": "2009-11-02", "sex": "male",
        "address": "Trường THPT Chu Văn An, Hà Nội", "registeredFacility": "01C54",
        "validFrom": "2024-09-01", "validTo": "2025-08-31", "issueDate": "2024-08-20",
        "managementCode": "01020234567891", "guardianName": None, "livingArea": "4",
        "fiveYearsContinuousFrom": None, "checkString": "0e3f5a7c9b1d2e4f-0101",
        "benefitLevel": 4, "issuingPlace": None},
    "te-2016": {
        "code": "TE1480345678912", "fullName": "Đỗ Ngọc Ánh", "birthDate": "2021-04-30", "sex": "female",
        "address": "Phường Hải Châu 1, Quận Hải Châu, Đà Nẵng", "registeredFacility": "48009",
        "validFrom": "2021-05-01", "validTo": "2027-04-29", "issueDate": "2021-05-10",
        "managementCode": "48010345678912", "guardianName": "Đỗ Văn Thành", "livingArea": "4",
        "fiveYearsContinuousFrom": None, "checkString": "a9e8d7c6b5a40312-1901",
        "benefitLevel": 1, "issuingPlace": None},
    "cb-2016-k2": {
        "code": "CB2620456789123", "fullName": "Y Blư Niê", "birthDate": "1956", "sex": "male",
        "address": "Xã Ea Tu, Thành phố Buôn Ma Thuột, Đắk Lắk", "registeredFacility": "62001",
        "validFrom": "2024-01-01", "validTo": "2028-12-31", "issueDate": "2023-12-28",
        "managementCode": "62010456789123", "guardianName": None, "livingArea": "6",
        "fiveYearsContinuousFrom": "2015-01-01", "checkString": "5b6c7d8e9fa0b1c2-1202",
        "benefitLevel": 2, "issuingPlace": None},
    "d2021-open": {
        "code": "5601234568", "fullName": "Nguyễn Hữu Phước", "birthDate": "1978", "sex": "male",
        "address": "Phường Vĩnh Hải, Thành phố Nha Trang, Khánh Hòa", "registeredFacility": "56019",
        "validFrom": "2025-07-01", "validTo": None, "issueDate": "2025-07-15",
        "managementCode": "56025601234568", "guardianName": None, "livingArea": "4",
        "fiveYearsContinuousFrom": None, "checkString": "9f8e7d6c5b4a3922-1202",
        "benefitLevel": 4, "issuingPlace": "Bảo hiểm xã hội Thành phố Nha Trang, Khánh Hòa"},
    "d2021-k1": {
        "code": "1234567890", "fullName": "Hoàng Thị Lụa", "birthDate": "1985-02-14", "sex": "female",
        "address": "Bản Nà Phặc, Huyện Ngân Sơn, Bắc Kạn", "registeredFacility": "06012",
        "validFrom": "2025-01-01", "validTo": "2025-12-31", "issueDate": "2024-12-20",
        "managementCode": "06011234567890", "guardianName": None, "livingArea": "5",
        "fiveYearsContinuousFrom": "2026-03-01", "checkString": "0123456789abcdef-0101",
        "benefitLevel": 2, "issuingPlace": "Bảo hiểm xã hội tỉnh Bắc Kạn"},
    "pre2016": {
        "code": "HS7010101001234", "fullName": "Vũ Quang Huy", "birthDate": "1998-06-05", "sex": "male",
        "address": None, "registeredFacility": "01001",
        "validFrom": "2014-09-01", "validTo": "2015-08-31", "issueDate": "2014-08-25",
        "managementCode": "010101001234", "guardianName": None, "livingArea": "1",
        "fiveYearsContinuousFrom": None, "checkString": None,
        "benefitLevel": None, "issuingPlace": None},
}


def hexs(s, upper=False):
    h = s.encode("utf-8").hex()
    return h.upper() if upper else h


def dmy(iso):
    if iso is None:
        return "-"
    if len(iso) == 4:
        return iso
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def legacy(card, upper=False, sep=" - "):
    opt = lambda v, f=str: "-" if v is None else f(v)
    fields = [
        card["code"], hexs(card["fullName"], upper), dmy(card["birthDate"]),
        "1" if card["sex"] == "male" else "2", opt(card["address"], lambda v: hexs(v, upper)),
        card["registeredFacility"][:2] + sep + card["registeredFacility"][2:],
        dmy(card["validFrom"]), dmy(card["validTo"]), dmy(card["issueDate"]),
        opt(card["managementCode"]), opt(card["guardianName"], lambda v: hexs(v, upper)),
        opt(card["livingArea"]), dmy(card["fiveYearsContinuousFrom"]), opt(card["checkString"]),
    ]
    if len(card["code"]) == 10:
        fields += [opt(card["benefitLevel"]), opt(card["issuingPlace"], lambda v: hexs(v, upper))]
    return "|".join(fields) + "|$"


# --- input methods: adjacent-key rules, written independently of the Swift model ---
CIRC, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = {1: "\u0301", 2: "\u0300", 3: "\u0309", 4: "\u0303", 5: "\u0323"}
TELEX_TONES = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5}


def decompose(ch):
    if ch in "đĐ":
        return ("d" if ch == "đ" else "D"), None, None, True
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    shape = next((m for m in marks if m in (CIRC, BREVE, HORN)), None)
    tone = next((m for m in marks if m in TONES.values()), None)
    return base, shape, tone, False


def compose(base, shape, tone, stroke):
    if stroke:
        return "Đ" if base == "D" else "đ"
    return unicodedata.normalize("NFC", base + (shape or "") + (tone or ""))


def allows(base, shape):
    b = base.lower()
    return (shape == CIRC and b in "aeo") or (shape == BREVE and b == "a") or (shape == HORN and b in "ou")


def type_with(method, keys):
    out = []
    for k in keys:
        if out and out[-1].isalpha():
            base, shape, tone, stroke = decompose(out[-1])
            kl = k.lower()
            new = None
            if method == "telex":
                if kl == "d" and base.lower() == "d" and not stroke and shape is None:
                    new = compose(base, None, None, True)
                elif kl in "aeo" and kl == base.lower() and shape is None and not stroke:
                    new = compose(base, CIRC, tone, False)
                elif kl in TELEX_TONES and base.lower() in "aeiouy" and tone is None and not stroke:
                    new = compose(base, shape, TONES[TELEX_TONES[kl]], False)
            else:
                if k == "9" and base.lower() == "d" and not stroke and shape is None:
                    new = compose(base, None, None, True)
                elif k in "678" and shape is None and not stroke and allows(base, {"6": CIRC, "7": HORN, "8": BREVE}[k]):
                    new = compose(base, {"6": CIRC, "7": HORN, "8": BREVE}[k], tone, False)
                elif k in "12345" and base.lower() in "aeiouy" and tone is None and not stroke:
                    new = compose(base, shape, TONES[int(k)], False)
            if new is not None:
                out[-1] = new
                continue
        out.append(k)
    return "".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    for name, card in CARDS.items():
        write(os.path.join(ROOT, "cards", name + ".json"), json.dumps(card, ensure_ascii=False, indent=2) + "\n")
        write(os.path.join(ROOT, "legacy", name + ".txt"), legacy(card) + "\n")
    dn, d21 = CARDS["dn-2016"], CARDS["d2021-open"]
    quirks = {
        # name: (text, the card it must read as)
        "upper-hex": (legacy(dn, upper=True), "dn-2016"),
        "spaces-around-fields": (" " + legacy(dn).replace("|", " | ", 5), "dn-2016"),
        "crlf": (legacy(dn) + "\r", "dn-2016"),  # the file's own \n makes CR LF
        "missing-terminator": (legacy(dn)[:-2], "dn-2016"),
        "en-dash-facility": (legacy(dn, sep=" \u2013 "), "dn-2016"),
        "leading-space-dates": (legacy(dn).replace("|01/01/2024|", "| 01/01/2024|").replace("|01/01/2027|", "| 01/01/2027|"), "dn-2016"),
        "check-15-digits": (legacy({**dn, "checkString": "c1d8e2fa0b37a65-7102"}), None),
        "telex-mangled": (type_with("telex", legacy(dn)), "dn-2016"),
        "vni-mangled": (type_with("vni", legacy(CARDS["hs-2016"])), "hs-2016"),
        "vni-mangled-k2": (type_with("vni", legacy(CARDS["cb-2016-k2"])), "cb-2016-k2"),
        "telex-mangled-2021": (type_with("telex", legacy(CARDS["d2021-k1"])), "d2021-k1"),
        # VNI makes the check string's "a56" and "a65" the same letter: read without the check string.
        "vni-check-string-lost": (type_with("vni", legacy(dn)), None),
    }
    for name, (text, _) in quirks.items():
        write(os.path.join(ROOT, "legacy", "quirks", name + ".txt"), text + "\n")
    write(os.path.join(ROOT, "legacy", "quirks", "EXPECTED.json"),
          json.dumps({k: v for k, (_, v) in quirks.items()}, indent=2) + "\n")
    malformed = {
        "too-few-fields": legacy(dn).rsplit("|", 3)[0] + "|$",
        "bad-date": legacy(dn).replace("|01/01/2024|", "|31/02/2024|"),
        "bad-hex-name": legacy(dn).replace(hexs(dn["fullName"]), hexs(dn["fullName"])[:-1]),
        "bad-sex": legacy(dn).replace("|21/07/1990|2|", "|21/07/1990|3|"),
        "not-a-card": "https://example.invalid/not-a-bhyt-card",
        # VNI types the code's "A36" and "A63" as the same letter, and CA36… and CA63… are both
        # card codes (benefit 3, province 67; or a pre-2016 code with benefit 6): no single repair.
        "vni-ambiguous": type_with("vni", legacy({**dn, "code": "CA3679012345678"})),
    }
    expected = {"too-few-fields": ["LEGACY_FIELD_COUNT", None], "bad-date": ["LEGACY_FIELD_INVALID", 6],
                "bad-hex-name": ["LEGACY_FIELD_INVALID", 1], "bad-sex": ["LEGACY_FIELD_INVALID", 3],
                "not-a-card": ["LEGACY_FIELD_COUNT", None], "vni-ambiguous": ["IME_MANGLED", 0]}
    for name, text in malformed.items():
        write(os.path.join(ROOT, "malformed", name + ".txt"), text + "\n")
    write(os.path.join(ROOT, "malformed", "EXPECTED.json"), json.dumps(expected, indent=2) + "\n")


if __name__ == "__main__":
    main()
