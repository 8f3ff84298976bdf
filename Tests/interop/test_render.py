"""Rendering checked from outside: zxing-cpp (independent of zbar and of us) reads our PNGs and
rasterised SVGs; the PNG's own bytes show the format, the pHYs chunk, the quiet zone, the module size."""
import re
import struct
import subprocess
import zlib

import pytest
import zxingcpp
from PIL import Image

from conftest import ROOT, SAMPLES, run

TEXTS = {f"{p.parent.name}/{p.stem}": p.read_text().strip() for d in ["legacy", "signed/es256", "signed/eddsa"]
         for p in sorted((SAMPLES / d).glob("*.txt"))}


def zxing_texts(path):
    return [r.text for r in zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCode)]


def chunks(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    i, out = 8, {}
    while i < len(png):
        (n,) = struct.unpack(">I", png[i:i + 4])
        kind = png[i + 4:i + 8].decode()
        data = png[i + 8:i + 8 + n]
        assert zlib.crc32(png[i + 4:i + 8 + n]) == struct.unpack(">I", png[i + 8 + n:i + 12 + n])[0]
        out.setdefault(kind, []).append(data)
        i += 12 + n
    return out


@pytest.mark.parametrize("ecc", ["L", "M", "Q", "H"])
def test_every_sample_reads_back_with_zxing_and_zbar(ecc, tmp):
    assert len(TEXTS) == 21
    for name, text in TEXTS.items():
        out = tmp / "q.png"
        run("render", "--ecc", ecc, "--scale", "2", "--out", out, text, check=0)
        assert zxing_texts(out) == [text], name
        zbar = subprocess.run(["zbarimg", "-q", "--raw", str(out)], capture_output=True, text=True)
        assert zbar.stdout.rstrip("\n") == text, name


def test_png_format_quiet_zone_and_module_size(tmp):
    text = TEXTS["es256/d2021-k1"]
    out = tmp / "q.png"
    err = run("render", "--scale", "5", "--margin", "6", "--verbose", "--out", out, text, check=0).stderr
    version = int(re.search(r"QR version (\d+)", err).group(1))
    c = chunks(out.read_bytes())
    width, height, depth, colour = struct.unpack(">IIBB", c["IHDR"][0][:10])
    assert (depth, colour) == (1, 0)  # 1-bit grayscale
    size = 17 + 4 * version
    assert width == height == (size + 12) * 5
    assert "pHYs" not in c
    img = Image.open(out).convert("L")
    px = img.load()
    q = 6 * 5
    border = [px[x, y] for y in range(height) for x in range(width) if x < q or y < q or x >= width - q or y >= height - q]
    assert set(border) == {255}
    # the finder pattern's top row: 7 modules of 5 px dark, starting right after the quiet zone
    row = [px[x, q] for x in range(q - 1, q + 7 * 5 + 1)]
    assert row[0] == 255 and set(row[1:-1]) == {0} and row[-1] == 255
    # and its inner white ring is one module (5 px) thick
    assert [px[q + 5 + i, q + 5] for i in range(5)] == [255] * 5


def test_print_size_sets_phys(tmp):
    out = tmp / "p.png"
    err = run("render", "--dpi", "300", "--size-mm", "40", "--verbose", "--out", out, TEXTS["legacy/dn-2016"], check=0).stderr
    c = chunks(out.read_bytes())
    ppx, ppy, unit = struct.unpack(">IIB", c["pHYs"][0])
    assert (ppx, ppy, unit) == (11811, 11811, 1)
    width = struct.unpack(">I", c["IHDR"][0][:4])[0]
    assert width <= 40 / 25.4 * 300 and int(re.search(r"(\d+) px/module", err).group(1)) >= 2
    assert zxing_texts(out) == [TEXTS["legacy/dn-2016"]]
    assert run("render", "--dpi", "100", "--size-mm", "10", "--out", tmp / "tiny.png", TEXTS["legacy/dn-2016"]).returncode == 1
    assert not (tmp / "tiny.png").exists()


def test_outputs_replace_only_regular_files(tmp):
    import os
    import stat as st
    from conftest import BHYT
    # `-` is standard output
    out = subprocess.run([BHYT, "render", "--out", "-", TEXTS["legacy/hs-2016"]], capture_output=True, check=True).stdout
    assert out.startswith(b"\x89PNG\r\n\x1a\n") and zxing_texts(__import__("io").BytesIO(out)) == [TEXTS["legacy/hs-2016"]]
    # a device, a symbolic link and a FIFO are never written to or replaced
    os.symlink(tmp / "target.png", tmp / "link.png")
    os.mkfifo(tmp / "fifo.png")
    for path in ["/dev/null", tmp / "link.png", tmp / "fifo.png"]:
        r = run("render", "--out", path, TEXTS["legacy/hs-2016"])
        assert r.returncode != 0 and "not a regular file" in r.stderr, (path, r.stderr)
    assert st.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.path.islink(tmp / "link.png") and not (tmp / "target.png").exists()
    assert st.S_ISFIFO(os.stat(tmp / "fifo.png").st_mode)
    # a regular file is replaced whole
    (tmp / "old.png").write_bytes(b"old")
    run("render", "--out", tmp / "old.png", TEXTS["legacy/hs-2016"], check=0)
    assert (tmp / "old.png").read_bytes().startswith(b"\x89PNG")


def test_versions_match_the_size_table(tmp):
    doc = (ROOT / "docs" / "FORMAT.md").read_text()
    table = doc.split("<!-- size-table:begin -->")[1].split("<!-- size-table:end -->")[0]
    rows = [r.split("|")[1:-1] for r in table.strip().splitlines()[2:]]
    assert len(rows) == 7
    for row in rows:
        name, legacy_v, es_v, ed_v = row[0].strip(), int(row[2]), int(row[4]), int(row[6])
        for key, want in [(f"legacy/{name}", legacy_v), (f"es256/{name}", es_v), (f"eddsa/{name}", ed_v)]:
            err = run("render", "--verbose", "--out", tmp / "v.png", TEXTS[key]).stderr
            assert int(re.search(r"QR version (\d+)", err).group(1)) == want, key


def test_signed_text_uses_alphanumeric_then_numeric(tmp):
    err = run("render", "--verbose", "--out", tmp / "s.png", TEXTS["eddsa/hs-2016"], check=0).stderr
    assert "alphanumeric+numeric" in err
    err = run("render", "--verbose", "--out", tmp / "l.png", TEXTS["legacy/hs-2016"], check=0).stderr
    assert ", byte," in err


def test_refusals_leave_no_file(tmp):
    card = TEXTS["legacy/hs-2016"]
    assert run("render", "--margin", "3", "--out", tmp / "a.png", card).returncode == 2
    assert run("render", "--scale", "1", "--out", tmp / "a.png", card).returncode == 2
    assert run("render", "--ecc", "X", "--out", tmp / "a.png", card).returncode == 2
    assert run("render", "--raw", "--ecc", "H", "--out", tmp / "big.png", "-", input="x" * 4000 + "\n").returncode == 1
    assert run("render", "--out", tmp / "missing-dir" / "a.png", card).returncode == 2
    # text that is no card is refused (unless --raw), and a file name is read as a file
    r = run("render", "--out", tmp / "a.png", "-", input="hello\n")
    assert r.returncode == 1 and "not card QR text" in r.stderr
    vi = run("render", "--out", tmp / "a.png", "-", input="hello\n", env={"LANG": "vi_VN.UTF-8"})
    assert vi.returncode == 1 and "không phải chuỗi QR của thẻ" in vi.stderr and "not card" not in vi.stderr
    missing = run("render", "--lang", "vi", "--out", tmp / "missing-dir" / "a.png", card)
    assert missing.returncode == 2 and "không tạo được" in missing.stderr and "không có tệp này" in missing.stderr, missing.stderr
    assert run("render", "--out", tmp / "a.png", "no-such-file.txt").returncode == 2
    assert sorted(p.name for p in tmp.iterdir()) == []


def test_batch_out_dir_in_order(tmp):
    names = sorted(TEXTS)
    lines = "\n".join(TEXTS[n] for n in names) + "\n"
    run("render", "--out-dir", tmp / "batch", "-", input=lines, check=0)
    files = sorted((tmp / "batch").glob("*.png"))
    assert [f.name for f in files] == [f"{i:06d}.png" for i in range(1, len(names) + 1)]
    for f, n in zip(files, names):
        assert zxing_texts(f) == [TEXTS[n]]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "LA", "I;16"])
def test_any_png_colour_type_is_read(mode, tmp):
    src = tmp / "src.png"
    run("render", "--scale", "3", "--out", src, TEXTS["es256/te-2016"], check=0)
    img = Image.open(src).convert("L")
    conv = tmp / f"c.png"
    if mode == "RGBA":
        # dark modules opaque black, light ones transparent: composited onto white
        rgba = Image.new("RGBA", img.size, (0, 0, 0, 0))
        alpha = img.point(lambda p: 255 if p < 128 else 0)
        rgba.putalpha(alpha)
        rgba.save(conv)
    elif mode == "I;16":
        img.convert("I;16").save(conv)  # 16-bit grayscale
    else:
        img.convert(mode).save(conv)
    out = run("inspect", "--json", conv, check=0).stdout
    assert '"format":"signed"' in out and "Đỗ Ngọc Ánh" in out


def test_no_qr_and_two_qrs(tmp):
    Image.new("L", (200, 200), 255).save(tmp / "blank.png")
    proc = run("inspect", tmp / "blank.png", check=1)
    assert "IMAGE_NO_QR" in proc.stdout and "no QR code" in proc.stdout
    a, b = tmp / "a.png", tmp / "b.png"
    run("render", "--out", a, TEXTS["legacy/hs-2016"], check=0)
    run("render", "--out", b, TEXTS["legacy/te-2016"], check=0)
    ia, ib = Image.open(a), Image.open(b)
    both = Image.new("L", (ia.width + ib.width, max(ia.height, ib.height)), 255)
    both.paste(ia, (0, 0))
    both.paste(ib, (ia.width, 0))
    both.save(tmp / "two.png")
    proc = run("inspect", tmp / "two.png", check=1)
    assert "2 QR codes" in proc.stdout
    (tmp / "junk.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert "IMAGE_NO_QR" in run("inspect", tmp / "junk.png", check=1).stdout


def rasterise(svg, png, dpi):
    subprocess.run(["rsvg-convert", "-d", str(dpi), "-p", str(dpi), "-o", str(png), str(svg)], check=True)


def test_svg_card_rasterised_reads_back(tmp):
    # SVG through cairo's SVG surface: millimetre page size, text as glyph outlines, QR as paths.
    for key in ["es256/d2021-open", "legacy/te-2016", "eddsa/cb-2016-k2"]:
        run("card", "--lang", "vi", "--out", tmp / "card.svg", TEXTS[key], check=0)
        svg = (tmp / "card.svg").read_text()
        assert 'width="85.6mm" height="54mm"' in svg and "<symbol" in svg and "<image" not in svg
        rasterise(tmp / "card.svg", tmp / "card.png", 300)
        assert zxing_texts(tmp / "card.png") == [TEXTS[key]]


def test_svg_sheets_with_cut_marks(tmp):
    keys = sorted(TEXTS)[:12]
    run("card", "--format", "svg", "--sheets", tmp / "sheets", "-", input="\n".join(TEXTS[k] for k in keys) + "\n", check=0)
    sheets = sorted((tmp / "sheets").glob("*.svg"))
    assert [s.name for s in sheets] == ["sheet-001.svg", "sheet-002.svg"]
    assert 'width="210mm" height="297mm"' in sheets[0].read_text()
    found = []
    for s in sheets:
        rasterise(s, tmp / "sheet.png", 300)
        found += zxing_texts(tmp / "sheet.png")
    assert sorted(found) == sorted(TEXTS[k] for k in keys)
