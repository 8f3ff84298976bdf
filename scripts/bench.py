#!/usr/bin/env python3
"""`make bench`: runs bhyt-bench (release) and the peers side by side in one run, prints a
table with ratios, and writes docs/PERFORMANCE.md. Not part of the tests."""
import datetime
import io
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "interop"))
import bhxh_reference as ref  # noqa: E402

SCRATCH = os.environ.get("BENCH_SCRATCH", ".build-release")
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


def timed(n, fn, minimum=0.5, turns=3):
    """Items per second: the best of `turns` turns of at least `minimum` seconds (as bhyt-bench
    measures ours, so that the peers get the same treatment on a machine whose speed drifts)."""
    fn()
    best = 0
    for _ in range(turns):
        rounds, start = 0, time.perf_counter()
        while True:
            fn()
            rounds += 1
            if time.perf_counter() - start >= minimum:
                best = max(best, n * rounds / (time.perf_counter() - start))
                break
    return best


def python_verify(texts, trust):
    def run():
        for t in texts:
            try:
                ref.verify(t, trust, at=AT_EPOCH)
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


AT = "2025-01-01T08:00:00+07:00"


def peak_and_seconds(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Runs a command under /usr/bin/time: (wall seconds, peak RSS in MB) of the command itself."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, cmd)], stdin=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    rss_kb = int(proc.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024


def lines_file(texts, n, name):
    path = OUT / name
    with open(path, "w") as f:
        for i in range(n):
            f.write(texts[i % len(texts)] + "\n")
    return path


AT_EPOCH = 1735693200  # AT in seconds


def command_verify(bhyt, texts, trust):
    """`bhyt verify --json` on a 10^5-line file, 1 and 2 threads, and the Python peer as a command
    on the same file with as many processes as we have threads (scripts/python_peer.py: the same
    work — decode, signature, key window, issuer, validity dates — and one JSON line a card out):
    lines per second, end to end, each the best of three turns with ours and the peer taking turns."""
    out, peer = {}, {}
    n = 10**5
    for alg, ts in texts.items():
        path = lines_file(ts, n, f"cmd-{alg}.txt")
        for _ in range(3):
            for threads in (1, 2):
                wall, rss = peak_and_seconds([bhyt, "verify", "--json", "--threads", threads, "--trust", trust, "--at", AT, path])
                out[(alg, threads)] = max(out.get((alg, threads), 0), n / wall)
                wall, rss = peak_and_seconds([sys.executable, ROOT / "scripts" / "python_peer.py", "--processes", threads,
                                              "--trust", trust, "--at", AT_EPOCH, path])
                peer[(alg, threads)] = max(peer.get((alg, threads), 0), n / wall)
        for threads in (1, 2):
            print(f"bhyt verify --json {alg} {threads} thread(s): {out[(alg, threads)]:,.0f} lines/s; "
                  f"Python peer {threads} process(es): {peer[(alg, threads)]:,.0f} lines/s", file=sys.stderr)
        path.unlink()
    return out, peer


PHOTOS, PHOTO_SEED = 300, 20261203


def photo_bench(bhyt, texts):
    """The photo benchmark: PHOTOS simulated desk pictures (scripts/photos.py: printed cards and
    phone screens, turned, tilted, small, blurred, noisy, unevenly lit, JPEG 35–85), read by
    `bhyt verify --json` (ours: zxing-cpp with fallbacks, then zbar) and by zxing-cpp's Python
    binding, on the same pictures in the same run. A picture counts as read when the card's exact
    text comes out (ours: the verdict is of a signed card; the peer: the one code's text)."""
    import zxingcpp
    from PIL import Image
    sys.path.insert(0, str(ROOT / "scripts"))
    import photos
    folder = OUT / "photos"
    shutil.rmtree(folder, ignore_errors=True)
    index = photos.generate(str(bhyt), texts[:50], PHOTOS, PHOTO_SEED, folder)
    files = [folder / e["file"] for e in index]
    best_wall, rows = None, None
    for _ in range(2):
        start = time.perf_counter()
        out = subprocess.run([str(bhyt), "verify", "--json", "--threads", "1", "--trust", str(OUT / "trust.json"), "--at", AT, *map(str, files)],
                             capture_output=True, text=True).stdout
        wall = time.perf_counter() - start
        if best_wall is None or wall < best_wall:
            best_wall, rows = wall, [json.loads(l) for l in out.splitlines()]
    ours = [r["format"] == "signed" for r in rows]
    start = time.perf_counter()
    peer = []
    for e, f in zip(index, files):
        im = Image.open(f)
        peer.append([r.text for r in zxingcpp.read_barcodes(im)] == [e["text"]])
    peer_wall = time.perf_counter() - start
    kinds = sorted({e["kind"] for e in index})
    by_kind = {k: (sum(o for o, e in zip(ours, index) if e["kind"] == k), sum(p for p, e in zip(peer, index) if e["kind"] == k),
                   sum(1 for e in index if e["kind"] == k)) for k in kinds}
    result = {"n": len(index), "ours": sum(ours), "peer": sum(peer), "ours_ms": best_wall / len(index) * 1000,
              "peer_ms": peer_wall / len(index) * 1000, "by_kind": by_kind, "zxingcpp": zxingcpp.__version__ if hasattr(zxingcpp, "__version__") else "?"}
    print(f"photos: ours {result['ours']}/{result['n']}, zxing-cpp {result['peer']}/{result['n']}; "
          f"{result['ours_ms']:.0f} vs {result['peer_ms']:.0f} ms a picture", file=sys.stderr)
    return result


def render_commands(bhyt, texts):
    """Rendering as people run it. Per process: `bhyt render --out F TEXT` against the `qrencode`
    tool, one process per card (300 cards each). In one process: `bhyt render --out-dir` over a
    file of 2,000 cards (the command, not the library) against segno in process."""
    sample = texts[:300]
    per_process = {}
    for _ in range(2):
        for name, cmd in (("bhyt", lambda t: [str(bhyt), "render", "--out", str(OUT / "one.png"), t]),
                          ("qrencode", lambda t: ["qrencode", "-l", "M", "-s", "4", "-m", "4", "-o", str(OUT / "one.png"), t])):
            start = time.perf_counter()
            for t in sample:
                subprocess.run(cmd(t), check=True, stdout=subprocess.DEVNULL)
            per_process[name] = max(per_process.get(name, 0), len(sample) / (time.perf_counter() - start))
    path = lines_file(texts, 2000, "render.txt")
    folder = OUT / "render-batch"
    best = 0
    for _ in range(3):
        shutil.rmtree(folder, ignore_errors=True)
        wall, _ = peak_and_seconds([bhyt, "render", "--out-dir", folder, path])
        best = max(best, 2000 / wall)
    shutil.rmtree(folder, ignore_errors=True)
    path.unlink()
    print(f"render per process: bhyt {per_process['bhyt']:,.0f}/s, qrencode {per_process['qrencode']:,.0f}/s; "
          f"bhyt render --out-dir: {best:,.0f}/s", file=sys.stderr)
    return per_process, best


def command_issue(bhyt):
    """`bhyt issue` on the corpus as JSON lines (repeated to 10^4), 2 threads: cards per second."""
    cards = (OUT / "cards.jsonl").read_text().splitlines()
    n = 3 * 10**4
    path = lines_file(cards, n, "issue.jsonl")
    out = {}
    for _ in range(3):  # best of three turns
        for alg in ("ES256", "EdDSA"):
            wall, _ = peak_and_seconds([bhyt, "issue", "--threads", 2, "--key", OUT / f"{alg}.key.pem", "--iss", "VN-79", "--at", AT, path])
            out[alg] = max(out.get(alg, 0), n / wall)
    for alg in out:
        print(f"bhyt issue {alg}: {out[alg]:,.0f} cards/s", file=sys.stderr)
    path.unlink()
    return out


def latency(bhyt, texts, trust, samples=300):
    """One line written to `bhyt verify --json -` held open, to its verdict line read back: ms."""
    import select
    proc = subprocess.Popen([str(bhyt), "verify", "--json", "--trust", str(trust), "--at", AT, "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    times = []
    reader = proc.stdout
    for i in range(samples + 20):
        line = (texts[i % len(texts)] + "\n").encode()
        start = time.perf_counter()
        proc.stdin.write(line)
        buf = b""
        while not buf.endswith(b"\n"):
            select.select([reader], [], [], 5)
            buf += os.read(reader.fileno(), 65536)
        if i >= 20:  # after warm-up
            times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.002)
    proc.stdin.close()
    proc.wait()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99) - 1]


def verify_script(texts, name="verify.lua"):
    """A wrk script: POST /v1/verify of one card a request, 200 cards in turn."""
    script = OUT / name
    cards = ",\n".join(json.dumps(json.dumps({"text": t})) for t in texts[:200])
    script.write_text(f"""local bodies = {{
{cards}
}}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  return wrk.format(nil, "/v1/verify", nil, bodies[(i % #bodies) + 1])
end
""")
    return script


def postgres_replicas(bhyt, texts, trust, seconds=10, connections=16):
    """Two `bhyt serve` replicas on one real PostgreSQL server (a throwaway cluster, as the
    tests start it), each under wrk at once (16 connections each, 10 s): check-ins per
    second together, every one committed in the one chain. Returns (total/s, [per replica])."""
    if not shutil.which("wrk"):
        return None
    from postgres_server import Postgres
    server = Postgres()
    try:
        _, url = server.database()
        script = verify_script(texts)
        for i in (1, 2):
            (OUT / f"spool-{i}.sqlite").unlink(missing_ok=True)
        procs = [start_serve(bhyt, trust, ["--records", url, "--desk", f"web-{i}", "--records-spool", str(OUT / f"spool-{i}.sqlite")],
                             name=f"serve-pg-{i}") for i in (1, 2)]
        try:
            runs = [subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                                      f"http://127.0.0.1:{port}/v1/verify"], stdout=subprocess.PIPE, text=True)
                    for _, port, _ in procs]
            outs = [r.communicate()[0] for r in runs]
        finally:
            for proc, _, err in procs:
                proc.terminate()
                proc.wait()
                err.close()
        rates = [wrk_figures(out)[0] for out in outs]
        rows = int(server.psql(url.rsplit("/", 1)[1], "SELECT COUNT(*) FROM checkin").strip())
        import sqlite3
        spooled = sum(sqlite3.connect(OUT / f"spool-{i}.sqlite").execute("SELECT COUNT(*) FROM spooled").fetchone()[0] for i in (1, 2))
        print(f"serve ×2 on PostgreSQL: {sum(rates):,.0f}/s together ({', '.join(f'{r:,.0f}' for r in rates)}); "
              f"{rows} rows, {spooled} spooled", file=sys.stderr)
        return sum(rates), rates
    finally:
        server.close()


def start_serve(bhyt, trust, args, name="serve"):
    """`bhyt serve --port 0` with `args`; (process, port, its stderr file) once it listens."""
    err = open(OUT / f"{name}.err", "w+")
    proc = subprocess.Popen([str(bhyt), "serve", "--port", "0", "--trust", str(trust), "--at", AT, *args],
                            stdout=subprocess.DEVNULL, stderr=err)
    for _ in range(200):
        err.seek(0)
        m = re.search(r'"event":"listening".*"port":(\d+)', err.read())
        if m:
            return proc, int(m.group(1)), err
        time.sleep(0.05)
    proc.terminate()
    raise RuntimeError("bhyt serve did not start: " + (OUT / f"{name}.err").read_text())


def wrk_figures(out):
    """wrk's output: (requests/s, median ms, p99 ms); an error when any answer was not 2xx."""
    def ms(label):
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"wrk: {errors.group(1)} non-2xx responses")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), ms("50%"), ms("99%")


def serve_load(bhyt, texts, trust, seconds=10, connections=16, turns=3, store="log"):
    """`bhyt serve` on loopback: POST /v1/verify of one card a request (200 cards in turn).
    First wrk as fast as it goes on 16 connections (the best of `turns` turns, as for the
    commands); then a steady load of about 1,000
    requests/s: each of the 16 connections waits 15 ms after each response before its next
    request (wrk's `delay`; wrk2's fixed-rate mode is not in Debian, and a Python client at
    this rate measures its own event loop more than the server). Latency is wrk's, from
    sending a request to its whole response.
    Returns ((requests/s, median ms, p99 ms), (achieved/s, median ms, p99 ms))."""
    if not shutil.which("wrk"):
        print("wrk not installed (Debian package wrk): serve case skipped", file=sys.stderr)
        return None
    script = verify_script(texts)
    # As clinics run it: every single-card verification written to the check-in log (fsync'd),
    # or committed to the check-in records (SQLite, synchronous FULL), or neither ("none").
    checkins = OUT / "serve-checkins.jsonl"
    records = OUT / "serve-records.sqlite"
    for p in (checkins, records, Path(str(records) + "-wal"), Path(str(records) + "-shm"), Path(str(records) + ".key")):
        p.unlink(missing_ok=True)
    keeping = {"log": ["--log", str(checkins), "--records", "none"], "records": ["--records", f"sqlite:{records}"],
               "none": ["--records", "none"]}[store]
    proc, port, err = start_serve(bhyt, trust, keeping)
    try:
        def wrk(lua, duration):
            return subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(lua),
                                   f"http://127.0.0.1:{port}/v1/verify"], capture_output=True, text=True, check=True).stdout
        outs = [wrk(script, max(1, seconds // 2)) for _ in range(turns)]
        paced = OUT / "verify-paced.lua"
        paced.write_text(script.read_text() + "delay = function() return 15 end\n")  # 16 connections × ~1/(15 ms + latency)
        steady_out = wrk(paced, seconds)
    finally:
        proc.terminate()
        proc.wait()
        err.close()

    (rate, p50, p99), steady = max(wrk_figures(out) for out in outs), wrk_figures(steady_out)
    print(f"serve ({store}): wrk {rate:,.0f}/s; paced {steady[0]:,.0f}/s, median {steady[1]:.2f} ms, p99 {steady[2]:.2f} ms", file=sys.stderr)
    return (rate, p50, p99), steady


def batch(bhyt, texts, trust):
    rows = []
    for n in BATCH_SIZES:
        path = lines_file(texts, n, f"batch-{n}.txt")
        wall, rss = peak_and_seconds([bhyt, "verify", "--json", "--trust", trust, "--at", AT, path])
        rows.append({"lines": n, "seconds": wall, "rss_mb": rss, "per_s": n / wall})
        path.unlink()
        print(f"batch {n}: {wall:.2f} s, {rss:.1f} MB", file=sys.stderr)
    return rows


def hostile(bhyt):
    """Worst inputs, on the command: images made to stall the reader, and 4 KB lines that once
    made input-method repair enumerate every key order. Seconds per input."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from PIL import Image
    out = {}
    for side, module in ((1000, 1), (3000, 2), (1600, 1)):
        img = Image.new("1", (side, side), 1)
        px = img.load()
        cell = 8 * module
        for by in range(0, side - cell, cell):
            for bx in range(0, side - cell, cell):
                for y in range(7 * module):
                    for x in range(7 * module):
                        ring = max(abs(x // module - 3), abs(y // module - 3))
                        if ring != 2:
                            px[bx + x, by + y] = 0
        path = OUT / f"finders-{side}.png"
        img.save(path)
        wall, rss = peak_and_seconds([bhyt, "verify", "--json", path])
        out[f"finders {side}×{side} px"] = (wall, rss)
    big = Image.new("L", (7000, 5000), 200)
    path = OUT / "photo-35mp.png"
    big.save(path)
    out["a 7000×5000 gray photo (no QR)"] = peak_and_seconds([bhyt, "verify", "--json", path])
    legacy = (ROOT / "samples" / "legacy" / "dn-2016.txt").read_text().strip().split("|")
    legacy[1] = "ậ" * 9 + "0" * 3900
    path = OUT / "ime-worst.txt"
    path.write_text("\n".join(["|".join(legacy)] * 200) + "\n")
    wall, rss = peak_and_seconds([bhyt, "inspect", "--json", path])
    out["200 lines of 4 KB, nine doubly-marked letters then zeros (inspect)"] = (wall / 200, rss)
    return out


def revocation_load(bhyt, n=10**7):
    """A national revocation list: n random 10-digit numbers (unsorted), plain text and signed
    with a root key, loaded by `bhyt verify` for one card. (wall seconds, peak RSS MB) for each,
    and for the same command without a list (the baseline)."""
    import random
    rng = random.Random(SEED)
    plain = OUT / f"revoked-{n}.txt"
    if not plain.exists() or plain.stat().st_size != 11 * n:
        with open(plain, "w") as f:
            for _ in range(n // 10**5):
                f.write("".join("%010d\n" % rng.randrange(10**10) for _ in range(10**5)))
    root = OUT / "bench-root"
    if not Path(f"{root}.key.pem").exists():
        subprocess.run([bhyt, "keygen", "--out", root], check=True, capture_output=True, cwd=ROOT)
    signed = OUT / f"revoked-{n}.jws"
    subprocess.run([bhyt, "revocation", "sign", "--key", f"{root}.key.pem", "--valid-for", "30d", "--at", "2025-07-01",
                    "--out", signed, plain], check=True, capture_output=True, cwd=ROOT)
    trust = OUT / "bench-trust.jws"
    subprocess.run([bhyt, "trust", "sign", "--key", f"{root}.key.pem", "--valid-for", "30d", "--at", "2025-07-01",
                    "--out", trust, ROOT / "samples" / "DEMO-ONLY-trust.json"], check=True, capture_output=True, cwd=ROOT)
    card = OUT / "bench-card.txt"
    card.write_text(sh(str(bhyt), "issue", "--key", "samples/keys/DEMO-ONLY-VN-79-es256.key.pem", "--iss", "VN-79",
                       "--at", "2025-07-01", "samples/cards/d2021-k1.json"))
    at = "2025-07-02"
    out = {"none": peak_and_seconds([bhyt, "verify", "--trust", ROOT / "samples" / "DEMO-ONLY-trust.json", "--at", at, card])}
    out["plain"] = peak_and_seconds([bhyt, "verify", "--trust", ROOT / "samples" / "DEMO-ONLY-trust.json", "--revoked", plain, "--at", at, card])
    out["signed"] = peak_and_seconds([bhyt, "verify", "--root", f"{root}.pub.pem", "--trust", trust, "--revoked", signed, "--at", at, card])
    return out


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
        res[(r["bench"], r.get("alg") or r.get("method"))] = r
    trust = ref.load_trust(OUT / "trust.json")
    texts = {alg: (OUT / f"signed-{alg}.txt").read_text().split() for alg in ("ES256", "EdDSA")}
    print("measuring the peers…", file=sys.stderr)
    py = {alg: python_verify(texts[alg], trust) for alg in texts}  # in process, 1 thread, dates checked
    qr_rate, qr_bytes = qrencode_rate(texts["ES256"])
    seg_rate, seg_bytes = segno_rate(texts["ES256"])
    pngs = [OUT / "png" / f"{i}.png" for i in range(len(texts["ES256"]))]
    zx_rate, zx_ok = zxing_rate(pngs, texts["ES256"])
    bhyt = release / "bhyt"
    print("the commands…", file=sys.stderr)
    cmd, peer = command_verify(bhyt, texts, OUT / "trust.json")
    rendered = render_commands(bhyt, texts["ES256"])
    photo = photo_bench(bhyt, texts["ES256"] + texts["EdDSA"])
    issue = command_issue(bhyt)
    lat = latency(bhyt, texts["ES256"], OUT / "trust.json")
    print(f"latency: median {lat[0]:.2f} ms, p99 {lat[1]:.2f} ms", file=sys.stderr)
    served = serve_load(bhyt, texts["ES256"], OUT / "trust.json")
    served_plain = serve_load(bhyt, texts["ES256"], OUT / "trust.json", store="none")
    served_records = serve_load(bhyt, texts["ES256"], OUT / "trust.json", store="records")
    replicas = postgres_replicas(bhyt, texts["ES256"], OUT / "trust.json")
    batches = batch(bhyt, texts["EdDSA"][:500] + texts["ES256"][:500], OUT / "trust.json")
    worst = hostile(bhyt)
    revocations = revocation_load(bhyt)
    report(machine(), res, py, (qr_rate, qr_bytes), (seg_rate, seg_bytes), (zx_rate, zx_ok), batches, cmd, issue, lat, worst, revocations,
           served, peer, rendered, photo, (served_plain, served_records) if served_plain and served_records else None, replicas)


def revocation_rows(revocations):
    rows, goals = [], []
    base = revocations["none"]
    for kind in ("plain", "signed"):
        wall, rss = revocations[kind]
        rows.append((f"load a 10^7-entry revocation list ({kind}{', verified with --root' if kind == 'signed' else ' text'}) and verify one card",
                     f"{wall:.2f} s, {rss:.0f} MB peak RSS", f"no list: {base[0]:.2f} s, {base[1]:.0f} MB", ""))
    for kind in ("plain", "signed"):
        wall, rss = revocations[kind]
        goals.append((f"10^7-entry revocation list ({'text' if kind == 'plain' else 'signed, packed'}) loads in ≤ 2 s and ≤ 200 MB",
                      wall <= 2 and rss <= 200, f"{wall:.2f} s, {rss:.0f} MB"))
    return rows, goals


def main_revocation():
    """`scripts/bench.py revocation`: only the national revocation list case (prints; docs untouched)."""
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--product", "bhyt"], cwd=ROOT, check=True)
    rows, goals = revocation_rows(revocation_load(ROOT / SCRATCH / "release" / "bhyt"))
    for r in rows:
        print(f"{r[0]}: {r[1]} ({r[2]})")
    for g, ok, v in goals:
        print(f"{g}: {v} — {'met' if ok else 'NOT met'}")


def f(x):
    return f"{x:,.0f}"


def report(m, res, py, qrencode, segno, zxing, batches, cmd, issue, lat, worst, revocations, served=None, peer=None, rendered=None, photo=None,
           with_records=None, replicas=None):
    rows, goals = [], []
    if with_records:
        r_rows, r_goals = records_rows(*with_records)
        rows += r_rows
        goals += r_goals
    p_rows, p_goals = postgres_rows(replicas)
    rows += p_rows
    goals += p_goals
    lr = res[("legacy_read", None)]["cards_per_s"]
    rows.append(("legacy read", f"{f(lr)} cards/s (1 thread)", "— (absolute)", "—"))
    for method in ("telex", "vni"):
        r = res[("ime_repair", method)]
        mangled = r["cards"] - r["unchanged"]
        read = r["exact"] + r["without_check_string"]
        rows.append((f"input-method repair, {method.upper()}: {f(r['cards'])} generated cards typed with it on, {f(mangled)} changed by it",
                     f"{read / mangled:.1%} read: {f(r['exact'])} exactly, {f(r['without_check_string'])} without the check string (two readings); "
                     f"{f(r['refused'])} refused; {r['wrong']} wrong", "goal: ≥ 95% read, 0 wrong", ""))
        goals.append((f"input-method repair, {method.upper()}: ≥ 95% of mangled cards read, 0 wrong", read / mangled >= 0.95 and r["wrong"] == 0,
                      f"{read / mangled:.1%}, {r['wrong']} wrong"))
    for alg in ("ES256", "EdDSA"):
        s = res[("sign", alg)]
        rows.append((f"sign + encode, {alg}", f"{f(s['ours_per_s'])} cards/s", f"bare swift-crypto sign: {f(s['bare_per_s'])}/s",
                     f"{s['ours_per_s'] / s['bare_per_s']:.0%} of the limit"))
        rows.append((f"`bhyt issue --threads 2`, {alg}, 3·10^4 cards", f"{f(issue[alg])} cards/s",
                     f"bare sign, 2 threads: {f(s['bare_2t_per_s'])}/s", f"{issue[alg] / s['bare_2t_per_s']:.0%} of the limit"))
        goals.append((f"`bhyt issue` / bare signing ({alg}, 2 threads) ≥ 0.60", issue[alg] / s["bare_2t_per_s"] >= 0.60,
                      f"{issue[alg] / s['bare_2t_per_s']:.2f}"))
    for alg in ("ES256", "EdDSA"):
        v = res[("verify", alg)]
        one, two, bare = v["ours_1t_per_s"], v["ours_2t_per_s"], v["bare_1t_per_s"]
        c1, c2 = cmd[(alg, 1)], cmd[(alg, 2)]
        rows.append((f"verify in process, {alg}, 1 thread", f"{f(one)} cards/s", f"bare verify: {f(bare)}/s", f"{one / bare:.0%} of the limit"))
        rows.append((f"verify in process, {alg}, 2 threads", f"{f(two)} cards/s", f"Python peer in process, 1 thread (cbor2 + cryptography, dates checked): {f(py[alg])}/s",
                     f"{two / one:.2f}× over 1 thread; per thread {one / py[alg]:.1f}× the peer"))
        p1, p2 = peer[(alg, 1)], peer[(alg, 2)]
        rows.append((f"`bhyt verify --json`, {alg}, 10^5 lines, 1 thread", f"{f(c1)} lines/s",
                     f"Python peer command, 1 process, same file: {f(p1)}/s; in process, 1 thread: {f(one)}/s",
                     f"{c1 / p1:.2f}× the peer; {c1 / one:.2f} of in-process"))
        rows.append((f"`bhyt verify --json`, {alg}, 10^5 lines, 2 threads", f"{f(c2)} lines/s ({f(c2 / 2)} per core)",
                     f"Python peer command, 2 processes, same file: {f(p2)}/s ({f(p2 / 2)} per core); in process, 2 threads: {f(two)}/s",
                     f"{c2 / p2:.2f}× the peer, in total and per core; {c2 / two:.2f} of in-process; {c2 / c1:.2f}× over 1 thread"))
        goals.append((f"{alg}: `bhyt verify --json` / the Python peer command, same cores (2 threads, 2 processes) ≥ 1.5×",
                      c2 / p2 >= 1.5, f"{c2 / p2:.2f}×"))
        goals.append((f"{alg}: the command / in-process verify, 2 threads ≥ 0.85", c2 / two >= 0.85, f"{c2 / two:.2f}"))
        goals.append((f"{alg}: the command, 2 threads / 1 thread ≥ 1.8", c2 / c1 >= 1.8, f"{c2 / c1:.2f}×"))
        goals.append((f"{alg}: verify per thread / bare swift-crypto verify ≥ {'0.90' if alg == 'ES256' else '0.85'}",
                      one / bare >= (0.90 if alg == "ES256" else 0.85), f"{one / bare:.2f}"))
    rows.append(("latency: a line written to an open `bhyt verify --json -` → its verdict", f"median {lat[0]:.2f} ms, p99 {lat[1]:.2f} ms",
                 "goal: ≤ 5 ms median", ""))
    goals.append(("latency, pipe → verdict, median ≤ 5 ms", lat[0] <= 5, f"{lat[0]:.2f} ms"))
    if served:
        (wrk_rate, wrk_p50, wrk_p99), (steady_rate, steady_p50, steady_p99) = served
        cli = cmd[("ES256", 2)]
        rows.append(("`bhyt serve --log` (check-ins written and fsync'd): POST /v1/verify, one ES256 card a request, wrk 16 connections (loopback)",
                     f"{f(wrk_rate)} requests/s, median {wrk_p50:.2f} ms, p99 {wrk_p99:.2f} ms",
                     f"`bhyt verify --json`, 2 threads, same cards: {f(cli)} lines/s",
                     f"{wrk_rate / cli:.2f} of the command"))
        rows.append(("`bhyt serve`: the same at about 1,000 requests/s (16 connections, each pausing 15 ms between requests)",
                     f"{f(steady_rate)} requests/s, median {steady_p50:.2f} ms, p99 {steady_p99:.2f} ms",
                     "goal: p99 ≤ 10 ms", ""))
        goals.append(("`bhyt serve` under wrk / `bhyt verify --json` (2 threads) ≥ 0.5", wrk_rate / cli >= 0.5, f"{wrk_rate / cli:.2f}"))
        goals.append(("`bhyt serve` at about 1,000 requests/s: p99 ≤ 10 ms", steady_p99 <= 10, f"{steady_p99:.2f} ms at {f(steady_rate)}/s"))
    r = res[("render", None)]
    if rendered:
        (pp, batch_rate) = rendered
        rows.append(("`bhyt render --out F TEXT`, one process per card", f"{f(pp['bhyt'])} cards/s",
                     f"`qrencode -o F TEXT`, one process per card: {f(pp['qrencode'])}/s", f"{pp['bhyt'] / pp['qrencode']:.2f}× qrencode"))
        rows.append(("`bhyt render --out-dir`, 2,000 cards in one process", f"{f(batch_rate)} cards/s",
                     f"segno in process: {f(segno[0])}/s; bhyt-bench in process: {f(r['cards_per_s'])}/s",
                     f"{batch_rate / segno[0]:.1f}× segno; {batch_rate / r['cards_per_s']:.2f} of in-process"))
        goals.append(("`bhyt render`, one process per card, no slower than `qrencode`", pp["bhyt"] >= pp["qrencode"], f"{pp['bhyt'] / pp['qrencode']:.2f}×"))
    rows.append(("render QR to PNG", f"{f(r['cards_per_s'])} cards/s, {r['bytes_per_png']:.0f} B/PNG",
                 f"`qrencode` tool: {f(qrencode[0])}/s ({qrencode[1]} B); segno: {f(segno[0])}/s ({segno[1]} B)",
                 f"{r['cards_per_s'] / qrencode[0]:.0f}× qrencode, {r['cards_per_s'] / segno[0]:.1f}× segno"))
    goals.append(("rendering no slower than the qrencode tool per card", r["cards_per_s"] >= qrencode[0], f"{r['cards_per_s'] / qrencode[0]:.0f}×"))
    if photo:
        n = photo["n"]
        rows.append((f"photo benchmark: {n} simulated desk pictures (printed cards, phone screens light and dark; turned, tilted, "
                     "1.6–5 px a module, blur, noise, uneven light, JPEG 35–85), `bhyt verify`",
                     f"{photo['ours']}/{n} read ({photo['ours'] / n:.0%}), {photo['ours_ms']:.0f} ms a picture",
                     f"zxing-cpp {photo['zxingcpp']} (Python): {photo['peer']}/{n} ({photo['peer'] / n:.0%}), {photo['peer_ms']:.0f} ms a picture",
                     f"{photo['ours'] / max(1, photo['peer']):.2f}× the reads; "
                     + ", ".join(f"{k} {o}/{t} vs {p}/{t}" for k, (o, p, t) in photo["by_kind"].items())))
        goals.append(("photos: ours read at least as many as zxing-cpp", photo["ours"] >= photo["peer"], f"{photo['ours']} vs {photo['peer']}"))
        goals.append(("photos: ≥ 75% of all pictures read", photo["ours"] >= 0.75 * n, f"{photo['ours'] / n:.0%}"))
    rd = res[("read", None)]
    rows.append(("read QR from PNG (zbar)", f"{f(rd['images_per_s'])} images/s", f"zxing-cpp (Python): {f(zxing[0])}/s, read {zxing[1]} correctly",
                 f"{rd['images_per_s'] / zxing[0]:.2f}× zxing-cpp"))
    for what, (seconds, rss) in worst.items():
        rows.append((f"hostile input: {what}", f"{seconds * 1000:.0f} ms, {rss:.0f} MB peak", "limit: about 1 s an input", ""))
        goals.append((f"{what}: answered within about a second", seconds <= 1.2, f"{seconds * 1000:.0f} ms"))
    for b in batches:
        rows.append((f"batch `bhyt verify --json`, {b['lines']:,} lines", f"{b['seconds']:.2f} s, {b['rss_mb']:.0f} MB peak RSS", f"{f(b['per_s'])} lines/s", ""))
    flat = max(b["rss_mb"] for b in batches if b["lines"] >= 10**4) <= 1.25 * min(b["rss_mb"] for b in batches if b["lines"] >= 10**4)
    big, small = batches[-1], batches[1]
    linear = (big["seconds"] / big["lines"]) <= 1.25 * (small["seconds"] / small["lines"])
    goals.append(("peak memory flat from 10^4 to 10^6 lines", flat, f"{batches[1]['rss_mb']:.0f} → {batches[-1]['rss_mb']:.0f} MB"))
    goals.append(("batch time linear", linear, f"{small['per_s']:,.0f} → {big['per_s']:,.0f} lines/s"))

    more_rows, more_goals = revocation_rows(revocations)
    rows += more_rows
    goals += more_goals

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

Measured by `make bench` (scripts/bench.py driving `bhyt-bench` in process and the `bhyt`
command itself, release build) on
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


def records_rows(plain, records):
    """The check-in records' cost through `bhyt serve`: SQLite records against no records."""
    (rate, _, _), (steady, s50, s99) = records
    (base, _, _), _ = plain
    rows = [("`bhyt serve --records sqlite:…` (each check-in committed, synchronous FULL): POST /v1/verify, wrk 16 connections",
             f"{f(rate)} requests/s", f"`bhyt serve` without records or log, same cards: {f(base)}/s", f"{rate / base:.2f} of it"),
            ("`bhyt serve --records sqlite:…` at about 1,000 requests/s", f"{f(steady)} requests/s, median {s50:.2f} ms, p99 {s99:.2f} ms",
             "goal: p99 ≤ 10 ms", "")]
    goals = [("`bhyt serve` with SQLite records / without records ≥ 0.5", rate / base >= 0.5, f"{rate / base:.2f}"),
             ("`bhyt serve` with SQLite records at about 1,000 requests/s: p99 ≤ 10 ms", s99 <= 10, f"{s99:.2f} ms at {f(steady)}/s")]
    return rows, goals


def postgres_rows(replicas):
    """Two replicas on one PostgreSQL: check-ins per second together."""
    if not replicas:
        return [], []
    total, rates = replicas
    rows = [("two `bhyt serve --records postgres://…` replicas on one PostgreSQL server (loopback), wrk 16 connections each, at once",
             f"{f(total)} check-ins/s together ({' + '.join(f(r) for r in rates)})", "goal: ≥ 1,000 check-ins/s together", "")]
    return rows, [("two replicas on one PostgreSQL ≥ 1,000 check-ins/s together", total >= 1000, f"{f(total)}/s")]


def main_records():
    """`scripts/bench.py records`: only the check-in records' cost through serve (prints; docs untouched)."""
    OUT.mkdir(parents=True, exist_ok=True)
    release = build()
    texts = (OUT / "signed-ES256.txt").read_text().split()
    plain = serve_load(release / "bhyt", texts, OUT / "trust.json", store="none")
    records = serve_load(release / "bhyt", texts, OUT / "trust.json", store="records")
    rows, goals = records_rows(plain, records)
    more_rows, more_goals = postgres_rows(postgres_replicas(release / "bhyt", texts, OUT / "trust.json"))
    rows, goals = rows + more_rows, goals + more_goals
    for r in rows:
        print(f"{r[0]}: {r[1]} ({r[2]}; {r[3]})")
    for g, ok, v in goals:
        print(f"{g}: {v} — {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["revocation"]:
        main_revocation()
    elif sys.argv[1:] == ["records"]:
        main_records()
    else:
        main()
