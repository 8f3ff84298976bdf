"""Printed cards checked from outside: poppler (pdfinfo, pdffonts, pdftotext, pdftoppm) reads our
PDFs, zxing-cpp (and zbar, for single cards) reads every QR back from a 300 dpi raster. Expected text comes from the sample
card JSON (samples/cards), not from our code."""
import json
import re
import subprocess
import unicodedata

import pytest
import zxingcpp
from PIL import Image

from conftest import SAMPLES, run

MM = 72 / 25.4
NAMES = ["cb-2016-k2", "d2021-k1", "d2021-open", "dn-2016", "hs-2016", "pre2016", "te-2016"]
PERCENT = {1: 100, 2: 100, 3: 95, 4: 80, 5: 100}
LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Lin"  # 45 characters


def card_json(name):
    return json.loads((SAMPLES / "cards" / f"{name}.json").read_text())


def qr_text(kind, name):
    return (SAMPLES / kind / f"{name}.txt").read_text().strip()


def dmy(iso):
    return "/".join(reversed(iso.split("-")))


def with_name(legacy_text, name):
    """A legacy QR text with another holder's name (field 2, hex of UTF-8)."""
    parts = legacy_text.split("|")
    parts[1] = name.encode().hex()
    return "|".join(parts)


def normal(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdfinfo(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", out, re.M))


def page_size(info):
    w, h = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups()
    return float(w), float(h)


def fonts(path):
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def pdf_text(path):
    return normal(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def raster(pdf, tmp, dpi=300):
    prefix = tmp / f"page-{pdf.stem}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(tmp.glob(f"page-{pdf.stem}-*.png"))


def zxing_texts(png):
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png), formats=zxingcpp.BarcodeFormat.QRCode)]


def expected_fields(card):
    """The "label: value" pairs the Vietnamese front must show, and the name."""
    to = f"đến {dmy(card['validTo'])}" if card["validTo"] else "(không thời hạn)"
    fields = [
        f"Mã thẻ: {card['code']}",
        f"Họ và tên {card['fullName'].upper()}",
        f"Ngày sinh: {dmy(card['birthDate'])}",
        f"Giới tính: {'Nam' if card['sex'] == 'male' else 'Nữ'}",
        f"Nơi ĐK KCB ban đầu: {card['registeredFacility'][:2]} - {card['registeredFacility'][2:]}",
        f"Giá trị sử dụng: từ {dmy(card['validFrom'])} {to}",
    ]
    if card["address"]:
        fields.append(f"Địa chỉ: {card['address']}")
    if card["benefitLevel"]:
        fields.append(f"Mức hưởng: {card['benefitLevel']} ({PERCENT[card['benefitLevel']]}%)")
    if card["guardianName"]:
        fields.append(f"Cha mẹ/người giám hộ: {card['guardianName']}")
    if card["fiveYearsContinuousFrom"]:
        fields.append(f"Thời điểm đủ 5 năm liên tục: {dmy(card['fiveYearsContinuousFrom'])}")
    if card["issuingPlace"]:
        fields.append(f"Nơi cấp, đổi thẻ: {card['issuingPlace']}")
    if card["issueDate"]:
        fields.append(f"Ngày cấp: {dmy(card['issueDate'])}")
    return [normal(f) for f in fields]


def boxes(path):
    """Each page box as (x1, y1, x2, y2) in points, from poppler (`pdfinfo -box`), which must
    read the file without a complaint (a cross-reference table off by a byte is one)."""
    proc = subprocess.run(["pdfinfo", "-box", str(path)], capture_output=True, text=True, check=True)
    assert proc.stderr == "", proc.stderr
    return {k: tuple(float(v) for v in vals.split()) for k, vals in re.findall(r"^(\w+Box):\s*(.*)$", proc.stdout, re.M)}


def check_card_pdf(pdf, tmp, card, text, pages=1):
    info = pdfinfo(pdf)
    # The page is the card with a 2 mm bleed around it; the TrimBox is the card.
    w, h = page_size(info)
    assert abs(w - 89.6 * MM) < 0.1 and abs(h - 58 * MM) < 0.1, info["Page size"]
    b = boxes(pdf)
    x1, y1, x2, y2 = b["TrimBox"]
    assert abs(x1 - 2 * MM) < 0.01 and abs(y1 - 2 * MM) < 0.01 and abs(x2 - x1 - 85.6 * MM) < 0.01 and abs(y2 - y1 - 54 * MM) < 0.01, b
    assert b["BleedBox"] == b["MediaBox"], b
    assert int(info["Pages"]) == pages
    assert info["Title"] == card["code"]
    f = fonts(pdf)
    assert f and all(row[-5] == "yes" for row in f), f
    shown = pdf_text(pdf)
    for field in expected_fields(card):
        assert field in shown, (field, shown)
    pngs = raster(pdf, tmp)
    assert len(pngs) == pages
    assert zxing_texts(pngs[0]) == [text]
    zbar = subprocess.run(["zbarimg", "-q", "--raw", str(pngs[0])], capture_output=True, text=True)
    assert zbar.stdout.rstrip("\n") == text
    return shown


@pytest.mark.parametrize("kind", ["legacy", "signed/es256", "signed/eddsa"])
def test_every_sample_card_as_pdf(kind, tmp):
    for name in NAMES:
        pdf = tmp / f"{name}.pdf"
        run("card", "--out", pdf, qr_text(kind, name), check=0)
        check_card_pdf(pdf, tmp, card_json(name), qr_text(kind, name))


def test_child_card_shows_guardian_and_back_page(tmp):
    card = card_json("te-2016")
    assert card["guardianName"]
    pdf = tmp / "child.pdf"
    run("card", "--back", "--out", pdf, qr_text("signed/es256", "te-2016"), check=0)
    shown = check_card_pdf(pdf, tmp, card, qr_text("signed/es256", "te-2016"), pages=2)
    assert "Cha mẹ/người giám hộ: Đỗ Văn Thành" in shown
    assert "LƯU Ý KHI SỬ DỤNG THẺ" in shown
    back = raster(pdf, tmp)[1]
    assert zxing_texts(back) == []


def test_45_character_name_is_printed_whole(tmp):
    assert len(LONG_NAME) == 45
    text = with_name(qr_text("legacy", "te-2016"), LONG_NAME)
    card = dict(card_json("te-2016"), fullName=LONG_NAME)
    pdf = tmp / "long.pdf"
    run("card", "--out", pdf, text, check=0)
    shown = check_card_pdf(pdf, tmp, card, text)
    assert normal(LONG_NAME.upper()) in shown


def test_name_that_cannot_fit_is_an_error_naming_the_card(tmp):
    text = with_name(qr_text("legacy", "te-2016"), " ".join(["Nguyễn Phương"] * 9))
    proc = run("card", "--out", tmp / "bad.pdf", text)
    assert proc.returncode == 1
    assert "TE1480345678912" in proc.stderr and "name does not fit" in proc.stderr
    assert "Nguyễn" not in proc.stderr
    assert not (tmp / "bad.pdf").exists()
    # One word too long for a line is not cut either.
    proc = run("card", "--out", tmp / "bad.pdf", with_name(qr_text("legacy", "te-2016"), "W" * 40))
    assert proc.returncode == 1 and "name does not fit" in proc.stderr


def test_refusals_are_whole_sentences_in_the_language_asked(tmp):
    """`card` and `issue` with --lang vi: the refusal and the warnings in Vietnamese only."""
    text = with_name(qr_text("legacy", "te-2016"), " ".join(["Nguyễn Phương"] * 9))
    vi = run("card", "--lang", "vi", "--out", tmp / "bad.pdf", text, check=1).stderr
    assert "họ tên không vừa thẻ" in vi and "TE1480345678912" in vi
    assert not any(w in vi for w in ("cannot", "does not fit", "the name", "refused")), vi
    card = json.loads((SAMPLES / "cards" / "te-2016.json").read_text(encoding="utf-8"))
    card["fullName"] = " ".join(["Nguyễn Phương"] * 9)
    (tmp / "long.json").write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    proc = run("issue", "--lang", "vi", "--key", SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.key.pem", "--iss", "VN-79",
               "--at", "2025-01-01", tmp / "long.json", check=1)
    assert "từ chối, thẻ in không chứa được" in proc.stderr and "họ tên không vừa thẻ" in proc.stderr
    assert not any(w in proc.stderr for w in ("refused", "printed card", "does not fit")), proc.stderr


def test_vietnamese_labels_whatever_the_locale_and_english_on_request(tmp):
    text = qr_text("legacy", "d2021-k1")
    for lang in ["C", "en_US.UTF-8"]:
        run("card", "--out", tmp / "vi.pdf", text, env={"LANG": lang, "LC_ALL": lang}, check=0)
        shown = pdf_text(tmp / "vi.pdf")
        assert "THẺ BẢO HIỂM Y TẾ" in shown and "HEALTH" not in shown
    run("card", "--lang", "en", "--out", tmp / "en.pdf", text, check=0)
    shown = pdf_text(tmp / "en.pdf")
    for field in ["HEALTH INSURANCE CARD", "Card code: 1234567890", "Date of birth: 14/02/1985", "Sex: female",
                  "Valid: 01/01/2025 to 31/12/2025", "Five continuous years from: 01/03/2026",
                  "Issued by: Bảo hiểm xã hội tỉnh Bắc Kạn", "Issued on: 20/12/2024"]:
        assert field in shown, field


def test_format_from_extension_png_and_reproducible_pdf(tmp):
    text = qr_text("signed/es256", "d2021-k1")
    run("card", "--out", tmp / "card.png", text, check=0)
    img = Image.open(tmp / "card.png")
    assert img.format == "PNG" and img.size == (1011, 638)  # 85.6 × 54 mm at 300 dpi
    # it says so (pHYs), as render's PNGs do: viewers and print dialogs would take 72 dpi otherwise
    assert [round(v) for v in img.info["dpi"]] == [300, 300]
    run("card", "--out", tmp / "card150.png", "--dpi", "150", text, check=0)
    assert [round(v) for v in Image.open(tmp / "card150.png").info["dpi"]] == [150, 150]
    assert zxing_texts(tmp / "card.png") == [text]
    run("card", "--back", "--format", "png", "--out", tmp / "two.png", text, check=0)
    assert (tmp / "two-back.png").exists()
    run("card", "--out", tmp / "a.pdf", text, check=0)
    run("card", "--out", tmp / "b.pdf", text, check=0)
    assert (tmp / "a.pdf").read_bytes() == (tmp / "b.pdf").read_bytes()
    assert run("card", "--out", tmp / "card.txt", text).returncode == 2


def test_out_dir_names_carry_no_personal_data(tmp):
    texts = [qr_text("legacy", n) for n in NAMES[:3]]
    run("card", "--out-dir", tmp / "cards", "-", input="\n".join(texts) + "\n", check=0)
    assert sorted(p.name for p in (tmp / "cards").iterdir()) == ["000001.pdf", "000002.pdf", "000003.pdf"]


def test_out_dir_names_follow_input_lines_and_a_refused_line_leaves_a_gap(tmp):
    texts = [qr_text("legacy", NAMES[0]), "no card here", qr_text("signed/es256", NAMES[1])]
    proc = run("card", "--out-dir", tmp / "cards", "-", input="\n".join(texts) + "\n", check=1)
    assert "stdin:2: not a readable card" in proc.stderr
    assert sorted(p.name for p in (tmp / "cards").iterdir()) == ["000001.pdf", "000003.pdf"]
    assert pdfinfo(tmp / "cards" / "000003.pdf")["Title"] == card_json(NAMES[1])["code"]


def test_card_inputs_are_read_as_every_command_reads_them(tmp):
    """A missing file is an I/O error (exit 2), not a card that failed; a card's JSON or an
    image is named as such; empty input is no success."""
    proc = run("card", "--out", tmp / "x.pdf", tmp / "missing.txt", check=2)
    assert "cannot read" in proc.stderr and "missing.txt" in proc.stderr
    proc = run("card", "--out", tmp / "x.pdf", SAMPLES / "cards" / "d2021-k1.json", check=1)
    assert "JSON" in proc.stderr and "bhyt issue" in proc.stderr
    png = tmp / "qr.png"
    run("render", "--out", png, SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0)
    proc = run("card", "--out", tmp / "x.pdf", png, check=1)
    assert "an image" in proc.stderr and "bhyt inspect" in proc.stderr
    proc = run("card", "--out", tmp / "x.pdf", "-", input="", check=2)
    assert "no card in the input" in proc.stderr
    assert not (tmp / "x.pdf").exists()


def test_nothing_printable_writes_no_file(tmp):
    run("card", "--sheets", tmp / "all.pdf", "-", input="no card\n", check=1)
    run("card", "--sheets", tmp / "sheets", "-", input="no card\n", check=1)
    assert not (tmp / "all.pdf").exists() and not (tmp / "sheets").exists()


def test_sheets_named_like_an_image_are_refused_and_sheet_titles_count_the_sheets(tmp):
    texts = [qr_text("signed/es256", n) for n in NAMES] * 3  # 21 cards: 3 sheets
    proc = run("card", "--sheets", tmp / "all.png", "-", input="\n".join(texts) + "\n", check=2)
    assert "--sheets takes a folder or FILE.pdf" in proc.stderr and not (tmp / "all.png").exists()
    run("card", "--sheets", tmp / "sheets", "-", input="\n".join(texts) + "\n", check=0)
    titles = [pdfinfo(tmp / "sheets" / f"sheet-00{i}.pdf")["Title"] for i in (1, 2, 3)]
    assert titles == ["Thẻ BHYT — tờ A4 1/3", "Thẻ BHYT — tờ A4 2/3", "Thẻ BHYT — tờ A4 3/3"]


def test_the_band_reaches_both_edges_of_a_single_card_pdf(tmp):
    """cairo 1.16 clipped a resized PDF page to whole points: the band stopped 0.23 mm short of the
    right edge. Now the page has a 2 mm bleed: the band runs to both edges of the page, past the
    TrimBox (the cut) on either side; above and below the band the bleed stays white."""
    run("card", "--out", tmp / "one.pdf", "--back", SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0)
    for png in raster(tmp / "one.pdf", tmp):
        img = Image.open(png).convert("RGB")
        w, h = img.size
        y = next(y for y in range(h) if is_band(img.getpixel((w // 2, y))))
        row = [img.getpixel((x, y + 5)) for x in (0, 1, w - 2, w - 1)]
        assert all(is_band(px) for px in row), row
        assert not is_band(img.getpixel((w // 2, 2))) and not is_band(img.getpixel((w // 2, h - 3)))
    b = boxes(tmp / "one.pdf")
    assert b["TrimBox"][0] > 5 and b["BleedBox"][0] == 0


def is_band(px):
    return px[2] > 140 and px[0] < 60


def test_a_png_too_coarse_to_scan_is_warned_about(tmp):
    card = SAMPLES / "signed" / "es256" / "d2021-k1.txt"
    proc = run("card", "--out", tmp / "low.png", "--dpi", "72", card, check=0)
    assert "warning" in proc.stderr and "--dpi 150 or more" in proc.stderr
    assert "warning" not in run("card", "--out", tmp / "ok.png", "--dpi", "300", card, check=0).stderr


def dark(px):
    return sum(px[:3]) < 600


def test_a4_sheets_cut_marks_bleed_and_every_qr(tmp):
    texts = [qr_text(k, n) for k in ["legacy", "signed/es256"] for n in NAMES[:6]]  # 12 cards: 2 sheets
    run("card", "--sheets", tmp / "sheets", "-", input="\n".join(texts) + "\n", check=0)
    sheets = sorted((tmp / "sheets").iterdir())
    assert [s.name for s in sheets] == ["sheet-001.pdf", "sheet-002.pdf"]
    found = []
    for s in sheets:
        info = pdfinfo(s)
        assert info["Page size"].endswith("(A4)") and int(info["Pages"]) == 1
        assert all(row[-5] == "yes" for row in fonts(s))
        [png] = raster(s, tmp)
        found += zxing_texts(png)
    assert sorted(found) == sorted(texts)

    img = Image.open(png).convert("RGB")
    px = img.load()
    w, h = img.size
    edge = round(5 / 25.4 * 300)  # 5 mm: nothing printed closer to the paper's edge
    assert not any(dark(px[x, y]) for y in range(h) for x in list(range(edge)) + list(range(w - edge, w)))
    assert not any(dark(px[x, y]) for y in list(range(edge)) + list(range(h - edge, h)) for x in range(w))
    # Vertical cut marks above the grid: the first card's left edge is the first marked column.
    y = edge + round(1.5 / 25.4 * 300)
    marks = [x for x in range(w) if dark(px[x, y])]
    assert marks, "no cut marks in the top margin"
    card_left = marks[0]
    # The band (blue) bleeds 2 mm past the card's left edge, on the row through its middle.
    band_y = next(y for y in range(h) if px[card_left + 40, y][2] > 140 and px[card_left + 40, y][0] < 60)
    band_y += 10
    blue = [x for x in range(w) if px[x, band_y][2] > 140 and px[x, band_y][0] < 60]
    bleed = (card_left - blue[0]) / 300 * 25.4
    assert 1.8 <= bleed <= 2.2, bleed
    # Horizontal cut marks in the left margin, outside the bleed.
    mark_rows = [y for y in range(h) if dark(px[edge + 15, y])]
    assert len(mark_rows) >= 10 and all(not dark(px[blue[0] - 3, y]) for y in mark_rows)


def test_sheets_in_one_pdf_with_backs(tmp):
    texts = [qr_text("signed/eddsa", n) for n in NAMES] * 2  # 14 cards: 2 sheets, each with its back
    run("card", "--back", "--sheets", tmp / "all.pdf", "-", input="\n".join(texts) + "\n", check=0)
    info = pdfinfo(tmp / "all.pdf")
    assert int(info["Pages"]) == 4 and info["Page size"].endswith("(A4)")
    pngs = raster(tmp / "all.pdf", tmp)
    assert [len(zxing_texts(p)) for p in pngs] == [10, 0, 4, 0]
    shown = pdf_text(tmp / "all.pdf")
    assert shown.count("LƯU Ý KHI SỬ DỤNG THẺ") == 14


def test_the_facility_code_is_never_broken_across_lines(tmp):
    """Every province's card, read back from the PDF as poppler lays out its lines: the line
    with the facility label never ends inside the code ("…ban đầu: 46" / "- 001 (Thừa Thiên Huế)")."""
    import re
    base = (SAMPLES / "legacy" / "d2021-k1.txt").read_text(encoding="utf-8").strip().split("|")
    child = (SAMPLES / "legacy" / "te-2016.txt").read_text(encoding="utf-8").strip().split("|")
    lines = []
    for province in range(1, 97):
        for fields, field in ((base, 5), (child, 5)):
            f = list(fields)
            f[field] = f"{province:02d} - 001"
            lines.append("|".join(f))
    (tmp / "cards.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang in ("vi", "en"):
        pdf = tmp / f"all-{lang}.pdf"
        proc = run("card", "--lang", lang, "--sheets", pdf, tmp / "cards.txt")
        assert pdf.exists(), proc.stderr
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
        label = "Nơi ĐK KCB ban đầu:" if lang == "vi" else "Registered facility:"
        assert text.count(label) >= 150, text.count(label)
        for line in text.splitlines():
            assert not re.search(r"(ban đầu|facility):\s*\d\d\s*-?\s*$", line), line
            assert not re.match(r"\s*-\s*\d{3}\b", line), line
        codes = re.findall(r"(?:ban đầu|facility):\s*(\d\d - \d{3})", text)
        assert len(codes) >= 150
