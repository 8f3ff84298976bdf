#!/usr/bin/env python3
"""Simulated desk photos of cards, for the photo benchmark (`make bench`) and the image tests.

Each picture is a card's QR as a desk meets it: a printed card (`bhyt card`'s PNG) or a phone
showing the QR (light or dark mode, the screen's line pattern), placed on a cluttered page,
turned, seen at an angle, at 1.6–5 pixels a module, blurred, noisy, unevenly lit, saved as JPEG
at quality 35–85. Everything comes from a seeded random generator: the same seed gives the same
pictures.

    photos.py --bhyt BHYT --cards signed.txt --count 300 --seed 7 --out DIR
writes DIR/NNN.jpg and DIR/index.json ([{"file", "text", "kind", "conditions"}]).
"""
import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

FRAME = (1280, 720)  # a webcam frame


def qr_png(bhyt, text, path):
    """The QR alone, 1 pixel a module, with its quiet zone (bhyt render)."""
    subprocess.run([bhyt, "render", "--scale", "2", "--out", str(path), text], check=True, capture_output=True)
    im = Image.open(path).convert("L")
    return im.resize((im.width // 2, im.height // 2), Image.NEAREST)


def card_png(bhyt, text, path):
    """The printed card at 300 dpi (bhyt card), and where its QR is: (card, qr box)."""
    subprocess.run([bhyt, "card", "--format", "png", "--dpi", "300", "--out", str(path), text], check=True, capture_output=True)
    return Image.open(path).convert("L")


def clutter(rng, size):
    """A desk: paper-white to grey, with lines, boxes and blobs of text-like marks."""
    base = rng.randint(150, 235)
    im = Image.new("L", size, base)
    d = ImageDraw.Draw(im)
    for _ in range(rng.randint(20, 60)):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        shade = rng.randint(20, 250)
        kind = rng.random()
        if kind < 0.4:
            d.line([(x, y), (x + rng.randint(-300, 300), y + rng.randint(-200, 200))], fill=shade, width=rng.randint(1, 4))
        elif kind < 0.7:
            d.rectangle([x, y, x + rng.randint(5, 120), y + rng.randint(5, 60)], outline=shade, width=rng.randint(1, 3))
        else:
            for k in range(rng.randint(3, 12)):  # a line of "text"
                d.rectangle([x + k * 9, y, x + k * 9 + rng.randint(3, 7), y + rng.randint(6, 11)], fill=shade)
    return im


def phone(rng, qr, dark):
    """A phone screen showing the QR: a bezel, a white (or dark-mode) page, the QR on it."""
    q = qr if not dark else ImageOps.invert(qr)
    pad = qr.width // 3
    screen = Image.new("L", (qr.width + 2 * pad, int(qr.height * 1.9)), 28 if dark else 250)
    screen.paste(q, (pad, int(qr.height * 0.45)))
    d = ImageDraw.Draw(screen)
    for k in range(4):  # the app's text above and below
        y = int(qr.height * 0.1) + k * 6
        d.rectangle([pad, y, pad + rng.randint(qr.width // 3, qr.width), y + 3], fill=200 if dark else 90)
    bezel = Image.new("L", (screen.width + 24, screen.height + 48), 12)
    bezel.paste(screen, (12, 24))
    return bezel


def lines_pattern(im, rng):
    """A screen seen through a camera: faint horizontal lines (moiré)."""
    period = rng.choice([2, 3, 4])
    strength = rng.randint(10, 35)
    px = im.load()
    for y in range(0, im.height, period):
        for x in range(im.width):
            px[x, y] = max(0, px[x, y] - strength)
    return im


def perspective(im, rng, amount):
    """Seen at an angle: the four corners moved by up to `amount` of the side."""
    w, h = im.size
    def j(v):
        return v * rng.uniform(-amount, amount)
    src = [(j(w), j(h)), (w + j(w), j(h)), (w + j(w), h + j(h)), (j(w), h + j(h))]
    dst = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _coefficients(dst, src)
    return im.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=None)


def _coefficients(pa, pb):
    """PIL's perspective coefficients mapping output points pa to input points pb (8 unknowns)."""
    matrix, rhs = [], []
    for (x, y), (u, v) in zip(pa, pb):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return _solve(matrix, rhs)


def _solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def light(im, rng):
    """Uneven light: a gradient multiplied in, from one side."""
    w, h = im.size
    angle = rng.uniform(0, 2 * math.pi)
    low = rng.uniform(0.45, 0.9)
    grad = Image.linear_gradient("L").rotate(math.degrees(angle), expand=False).resize((w, h))
    grad = grad.point(lambda v: int(255 * (low + (1 - low) * v / 255)))
    return _multiply(im, grad)


def _multiply(a, b):
    from PIL import ImageChops
    return ImageChops.multiply(a, b)


def noise(im, rng, sigma):
    px = im.load()
    for _ in range(im.width * im.height // 6):
        x, y = rng.randrange(im.width), rng.randrange(im.height)
        px[x, y] = max(0, min(255, int(px[x, y] + rng.gauss(0, sigma))))
    return im


def picture(rng, bhyt, text, work):
    """One simulated photo of `text`'s card: (JPEG bytes, kind, conditions)."""
    kind = rng.choice(["printed", "printed", "phone", "phone-dark"])
    qr = qr_png(bhyt, text, work / "qr.png")
    module_px = rng.uniform(1.6, 5.0)
    if kind == "printed":
        card = card_png(bhyt, text, work / "card.png")
        # the printed card's QR module is 3–8 px at 300 dpi: scale the card so it is module_px
        modules = qr.width
        qr_side_mm = 28.0
        card_module = min(8, int(qr_side_mm / modules / (25.4 / 300)))
        scale = module_px / max(1, card_module)
        subject = card.resize((max(1, int(card.width * scale)), max(1, int(card.height * scale))), Image.LANCZOS)
    else:
        big = qr.resize((qr.width * 8, qr.height * 8), Image.NEAREST)
        screen = phone(rng, big, kind == "phone-dark")
        scale = module_px / 8
        subject = screen.resize((max(1, int(screen.width * scale)), max(1, int(screen.height * scale))), Image.LANCZOS)
        if rng.random() < 0.6:
            subject = lines_pattern(subject, rng)
    angle = rng.uniform(-180, 180) if rng.random() < 0.6 else rng.uniform(-12, 12)
    tilt = rng.choice([0, 0.03, 0.06, 0.1])
    if tilt:
        pad = Image.new("L", (subject.width + 40, subject.height + 40), 255)
        pad.paste(subject, (20, 20))
        subject = perspective(pad, rng, tilt)
    mask = Image.new("L", subject.size, 255)
    subject = subject.rotate(angle, expand=True, resample=Image.BICUBIC, fillcolor=0)
    mask = mask.rotate(angle, expand=True, fillcolor=0)
    frame = clutter(rng, FRAME)
    if subject.width > FRAME[0] or subject.height > FRAME[1]:
        f = min(FRAME[0] / subject.width, FRAME[1] / subject.height) * 0.95
        subject = subject.resize((int(subject.width * f), int(subject.height * f)), Image.LANCZOS)
        mask = mask.resize(subject.size)
        module_px *= f
    x = rng.randint(0, FRAME[0] - subject.width)
    y = rng.randint(0, FRAME[1] - subject.height)
    frame.paste(subject, (x, y), mask)
    blur = rng.choice([0, 0, 0.5, 0.8, 1.2, 1.6])
    if blur:
        frame = frame.filter(ImageFilter.GaussianBlur(blur))
    uneven = rng.random() < 0.5
    if uneven:
        frame = light(frame, rng)
    sigma = rng.choice([0, 4, 8, 14])
    if sigma:
        frame = noise(frame, rng, sigma)
    quality = rng.randint(35, 85)
    out = work / "photo.jpg"
    frame.convert("RGB").save(out, quality=quality)
    conditions = {"module_px": round(module_px, 2), "angle": round(angle, 1), "tilt": tilt, "blur": blur,
                  "uneven_light": uneven, "noise": sigma, "jpeg_quality": quality}
    return out.read_bytes(), kind, conditions


def generate(bhyt, texts, count, seed, out):
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    index = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i in range(count):
            text = texts[i % len(texts)]
            data, kind, conditions = picture(rng, bhyt, text, work)
            name = f"{i:03d}.jpg"
            (out / name).write_bytes(data)
            index.append({"file": name, "text": text, "kind": kind, "conditions": conditions})
    (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False))
    return index


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bhyt", required=True)
    p.add_argument("--cards", required=True, help="a file of BHXH1: texts, one a line")
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    texts = [l.strip() for l in open(a.cards) if l.strip()]
    index = generate(a.bhyt, texts, a.count, a.seed, Path(a.out))
    print(f"{len(index)} pictures in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
