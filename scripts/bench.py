#!/usr/bin/env python3
"""`make bench`: runs bhyt-bench (release) and the peers side by side in one run, prints a
table with ratios, and writes docs/PERFORMANCE.md. Not part of the tests."""
import datetime
import io
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "interop"))
import bhxh_reference as ref  # noqa: E402

SCRATCH = ".build-release"
CARDS = int(os.environ.get("BENCH_CARDS", "2000"))
SEED = 20261124
OUT = Path(os.environ.get("BENCH_DIR", "/tmp/bhyt-bench"))
BATCH_SIZES = [10**3, 10**4, 10**5, 10**6]


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, **kw).stdout


def build():
    print("building release…", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--product", "bhyt-bench"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--product", "bhyt"], cwd=ROOT, check=True)
    return ROOT / SCRATCH / "release"


def timed(n, fn, minimum=1.5):
    fn()
    rounds, start = 0, time.perf_counter()
    while True:
        fn()
        rounds += 1
        if time.perf_counter() - start >= minimum:
            return n * rounds / (time.perf_counter() - start)


def python_verify(texts, trust):
    def run():
        for t in texts:
            try:
                ref.verify(t, trust)
            except ref.Refused:
                pass
    return timed(len(texts), run)


def qrencode_rate(texts):
    sample = texts[:300]
    start = time.perf_counter()
    for i, t in enumerate(sample):
        # the reference tool: one process per card, signed text as AN+numeric segments (qrencode picks modes itself)
        subprocess.run(["qrencode", "-l", "M", "-s", "4", "-m", "4", "-o", str(OUT / "qrencode.png"), t], check=True)
    return len(sample) / (time.perf_counter() - start), (OUT / "qrencode.png").stat().st_size


def segno_rate(texts):
    import segno

    def run():
        for t in texts[:500]:
            buf = io.BytesIO()
            segno.make(t, error="m", micro=False).save(buf, kind="png", scale=4, border=4)
    buf = io.BytesIO()
    segno.make(texts[0], error="m", micro=False).save(buf, kind="png", scale=4, border=4)
    return timed(min(500, len(texts)), run), len(buf.getvalue())


def zxing_rate(pngs, texts):
    import zxingcpp
    from PIL import Image
    images = [Image.open(p) for p in pngs]
    for im in images:
        im.load()
    ok = sum(1 for im, t in zip(images, texts) if [r.text for r in zxingcpp.read_barcodes(im)] == [t])

    def run():
        for im in images:
            zxingcpp.read_barcodes(im)
    return timed(len(images), run), ok


def batch(bhyt, texts, trust):
    rows = []
    for n in BATCH_SIZES:
        path = OUT / f"batch-{n}.txt"
        with open(path, "w") as f:
            for i in range(n):
                f.write(texts[i % len(texts)] + "\n")
        # /usr/bin/time reports the peak RSS of bhyt itself (wait4 from Python would count
        # the forked Python image before exec).
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", str(bhyt), "verify", "--json", "--trust", str(trust),
                               "--at", "2025-01-01T08:00:00+07:00", str(path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        rss_kb = int(proc.stderr.strip().splitlines()[-1])
        rows.append({"lines": n, "seconds": wall, "rss_mb": rss_kb / 1024, "per_s": n / wall})
        path.unlink()
        print(f"batch {n}: {wall:.2f} s, {rss_kb / 1024:.1f} MB", file=sys.stderr)
    return rows


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    swift = sh("swift", "--version").splitlines()[0]
    return {"cores": os.cpu_count(), "cpu": model, "swift": swift, "python": platform.python_version(),
            "date": datetime.date.today().isoformat(), "kernel": platform.release()}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    release = build()
    print("measuring in process…", file=sys.stderr)
    res = {}
    for line in sh(str(release / "bhyt-bench"), str(CARDS), str(SEED), str(OUT)).splitlines():
        r = json.loads(line)
        res[(r["bench"], r.get("alg"))] = r
    trust = ref.load_trust(OUT / "trust.json")
    texts = {alg: (OUT / f"signed-{alg}.txt").read_text().split() for alg in ("ES256", "EdDSA")}
    print("measuring the peers…", file=sys.stderr)
    py = {alg: python_verify(texts[alg], trust) for alg in texts}
    qr_rate, qr_bytes = qrencode_rate(texts["ES256"])
    seg_rate, seg_bytes = segno_rate(texts["ES256"])
    pngs = [OUT / "png" / f"{i}.png" for i in range(len(texts["ES256"]))]
    zx_rate, zx_ok = zxing_rate(pngs, texts["ES256"])
    print("batch runs…", file=sys.stderr)
    batches = batch(release / "bhyt", texts["EdDSA"][:500] + texts["ES256"][:500], OUT / "trust.json")
    report(machine(), res, py, (qr_rate, qr_bytes), (seg_rate, seg_bytes), (zx_rate, zx_ok), batches)


def f(x):
    return f"{x:,.0f}"


def report(m, res, py, qrencode, segno, zxing, batches):
    rows, goals = [], []
    lr = res[("legacy_read", None)]["cards_per_s"]
    rows.append(("legacy read", f"{f(lr)} cards/s (1 thread)", "— (absolute)", "—"))
    for alg in ("ES256", "EdDSA"):
        s = res[("sign", alg)]
        rows.append((f"sign + encode, {alg}", f"{f(s['ours_per_s'])} cards/s", f"bare swift-crypto sign: {f(s['bare_per_s'])}/s",
                     f"{s['ours_per_s'] / s['bare_per_s']:.0%} of the limit"))
    for alg in ("ES256", "EdDSA"):
        v = res[("verify", alg)]
        one, two, bare = v["ours_1t_per_s"], v["ours_2t_per_s"], v["bare_1t_per_s"]
        rows.append((f"verify, {alg}, 1 thread", f"{f(one)} cards/s", f"bare verify: {f(bare)}/s", f"{one / bare:.0%} of the limit"))
        rows.append((f"verify, {alg}, 2 threads", f"{f(two)} cards/s", f"Python peer (cbor2 + cryptography): {f(py[alg])}/s",
                     f"{two / one:.2f}× over 1 thread; {two / py[alg]:.1f}× the peer"))
        goals.append((f"{alg}: end-to-end verify ≥ 85% of the bare limit per thread", one / bare >= 0.85, f"{one / bare:.0%}"))
        goals.append((f"{alg}: ≥ 1.8× from 1 to 2 threads", two / one >= 1.8, f"{two / one:.2f}×"))
        goals.append((f"{alg}: ≥ 3× the Python peer with 2 threads", two / py[alg] >= 3, f"{two / py[alg]:.1f}×"))
    r = res[("render", None)]
    rows.append(("render QR to PNG", f"{f(r['cards_per_s'])} cards/s, {r['bytes_per_png']:.0f} B/PNG",
                 f"`qrencode` tool: {f(qrencode[0])}/s ({qrencode[1]} B); segno: {f(segno[0])}/s ({segno[1]} B)",
                 f"{r['cards_per_s'] / qrencode[0]:.0f}× qrencode, {r['cards_per_s'] / segno[0]:.1f}× segno"))
    goals.append(("rendering no slower than the qrencode tool per card", r["cards_per_s"] >= qrencode[0], f"{r['cards_per_s'] / qrencode[0]:.0f}×"))
    rd = res[("read", None)]
    rows.append(("read QR from PNG (zbar)", f"{f(rd['images_per_s'])} images/s", f"zxing-cpp (Python): {f(zxing[0])}/s, read {zxing[1]} correctly",
                 f"{rd['images_per_s'] / zxing[0]:.2f}× zxing-cpp"))
    for b in batches:
        rows.append((f"batch verify, {b['lines']:,} lines", f"{b['seconds']:.2f} s, {b['rss_mb']:.0f} MB peak RSS", f"{f(b['per_s'])} lines/s", ""))
    flat = max(b["rss_mb"] for b in batches if b["lines"] >= 10**4) <= 1.25 * min(b["rss_mb"] for b in batches if b["lines"] >= 10**4)
    big, small = batches[-1], batches[1]
    linear = (big["seconds"] / big["lines"]) <= 1.25 * (small["seconds"] / small["lines"])
    goals.append(("batch memory flat from 10^4 to 10^6 lines", flat, f"{batches[1]['rss_mb']:.0f} → {batches[-1]['rss_mb']:.0f} MB"))
    goals.append(("batch time linear", linear, f"{small['per_s']:,.0f} → {big['per_s']:,.0f} lines/s"))

    table = ["| what | ours | measured against (same run) | ratio |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    goal_lines = ["| goal | result | met |", "|---|---|---|"] + [f"| {g} | {v} | {'yes' if ok else '**no**'} |" for g, ok, v in goals]
    text = "\n".join(table)
    print(text)
    print("\n".join(goal_lines))
    doc = ROOT / "docs" / "PERFORMANCE.md"
    old = doc.read_text() if doc.exists() else ""
    notes = old.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in old else "\n"
    doc.write_text(f"""# Performance

Measured by `make bench` (scripts/bench.py driving `bhyt-bench`, release build) on
{m['date']}: {m['cores']} cores, {m['cpu']}, Linux {m['kernel']}, {m['swift']}, Python {m['python']}.
Corpus: {CARDS} synthetic cards (`SyntheticCards(seed: {SEED})`), signed with ES256 and
EdDSA; every peer ran in the same run on the same inputs. Each card's validity is moved
(same length) to start on 1 January 2025 and the verification time is fixed at
2025-01-01 08:00 +07:00, so the corpus is what a clinic mostly sees: valid cards
(`invalid` in the raw output counts the exceptions, e.g. cards the generator made with
card-rule errors).

<!-- table -->
{text}

## Goals

{chr(10).join(goal_lines)}
<!-- notes -->{notes}""")


if __name__ == "__main__":
    main()
