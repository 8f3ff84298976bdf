"""Images by content: PNG and JPEG photos and screenshots of a card, read with bounded work."""
import json

from PIL import Image, ImageFilter

from conftest import SAMPLES, run

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
AT = "2025-07-01T09:00:00+07:00"


def signed(name="d2021-k1"):
    return (SAMPLES / "signed" / "es256" / f"{name}.txt").read_text().strip()


def verdict(*args, check=None):
    proc = run("verify", "--json", "--trust", TRUST, "--at", AT, *args, check=check)
    return [json.loads(l) for l in proc.stdout.splitlines()], proc


def photo_of(png, tmp, size=(4032, 3024), qr_width=900, angle=4, blur=1.2, name="photo.jpg", quality=85):
    """A phone-photo-like JPEG: the QR small in a large grey frame, turned a little, blurred."""
    qr = Image.open(png).convert("L")
    qr = qr.resize((qr_width, qr_width), Image.NEAREST).rotate(angle, expand=True, fillcolor=255)
    canvas = Image.new("L", size, 170)
    canvas.paste(qr, ((size[0] - qr.width) // 2, (size[1] - qr.height) // 3))
    canvas = canvas.filter(ImageFilter.GaussianBlur(blur))
    path = tmp / name
    canvas.save(path, "JPEG", quality=quality)
    return path


def test_jpeg_photos_and_screenshots_verify(tmp):
    run("render", "--out", tmp / "card.png", signed(), check=0)
    rows, _ = verdict(photo_of(tmp / "card.png", tmp), check=0)
    assert rows[0]["status"] == "valid" and rows[0]["input"].endswith("photo.jpg")
    # a VssID-like screenshot: 1080 × 2400, the QR in the middle, saved as JPEG
    shot = photo_of(tmp / "card.png", tmp, size=(1080, 2400), qr_width=800, angle=0, blur=0, name="shot.jpg", quality=92)
    rows, _ = verdict(shot, check=0)
    assert rows[0]["status"] == "valid"
    # by content, not by name: a JPEG named .txt, a PNG named .jpg
    (tmp / "photo.txt").write_bytes(shot.read_bytes())
    (tmp / "png.jpg").write_bytes((tmp / "card.png").read_bytes())
    rows, _ = verdict(tmp / "photo.txt", tmp / "png.jpg", check=0)
    assert [r["status"] for r in rows] == ["valid", "valid"]
    # inspect reads them too
    row = json.loads(run("inspect", "--json", shot, check=0).stdout)
    assert row["format"] == "signed"


def test_broken_and_oversized_jpegs_are_refused(tmp):
    (tmp / "cut.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 40)
    rows, _ = verdict(tmp / "cut.jpg", check=4)
    assert rows[0]["reasons"][0]["code"] == "IMAGE_NO_QR" and rows[0]["status"] == "unreadable"
    big = Image.new("L", (9000, 5000), 128)  # 45 megapixels: over the limit, refused from its header
    big.save(tmp / "big.jpg", "JPEG", quality=30)
    rows, _ = verdict(tmp / "big.jpg", check=4)
    assert rows[0]["reasons"][0]["code"] == "IMAGE_NO_QR" and "larger than" in rows[0]["reasons"][0]["detail"]
