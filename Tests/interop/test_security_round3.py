"""Security round 3 (issue #20): what an attacker got through — each class with a test that
failed on the main before it. Servers run on loopback only; every loop is bounded in count and time."""
import json
import os
import re
import socket
import struct
import subprocess
import threading
import time
import zlib

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

import bhxh_reference as ref
from conftest import BHYT, ROOT, SAMPLES, json_lines, run
from serve_helper import TRUST, Server, signed

TOKEN = "s3cret-token-for-the-desk-0123456789"


def raw_request(port, method, target, body=b"", headers=None, source="127.0.0.1", timeout=10):
    """Sends one request exactly as written (the path is not normalised) and returns the status."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
    try:
        head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
        for k, v in (headers or {}).items():
            head += f"{k}: {v}\r\n"
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return int(data.split(b" ", 2)[1]), data.split(b"\r\n\r\n", 1)[1]
    finally:
        s.close()


# ---------------------------------------------------------------- 1. the token on every spelling

SPELLINGS = {
    "/v1/verify": ["/v1/verify", "//v1/verify", "/v1/verify/", "/v1//verify", "///v1///verify//", "/v1/verify?x=1",
                   "http://127.0.0.1{port}/v1/verify", "http://other.example/v1//verify/"],
    "/v1/status": ["/v1/status", "/v1/status/", "//v1/status", "http://127.0.0.1{port}/v1/status"],
    "/v1/inspect": ["/v1/inspect", "/v1/inspect/", "//v1//inspect"],
    "/metrics": ["/metrics", "/metrics/", "//metrics", "http://127.0.0.1{port}/metrics"],
}


def test_every_spelling_of_a_protected_route_needs_the_token(tmp):
    (tmp / "token").write_text(TOKEN + "\n")
    log = tmp / "checkins.jsonl"
    body = json.dumps({"text": signed()}).encode()
    with Server(tmp, "--token-file", tmp / "token", "--log", log) as s:
        served = 0
        for route, spellings in SPELLINGS.items():
            method = "POST" if route in ("/v1/verify", "/v1/inspect") else "GET"
            for spelling in spellings:
                target = spelling.replace("{port}", f":{s.port}")
                h = {"Content-Type": "application/json"}
                status, _ = raw_request(s.port, method, target, body if method == "POST" else b"", h)
                assert status == 401, f"{method} {target} without the token: {status}"
                status, _ = raw_request(s.port, method, target, body if method == "POST" else b"",
                                        {**h, "Authorization": "Bearer " + TOKEN})
                assert status in (200, 404), f"{method} {target} with the token: {status}"
                served += status == 200
        assert served >= 15  # the router did run most spellings: the check is on what it ran
        # Unknown paths need the token too (deny by default); the page and /healthz stay open.
        assert raw_request(s.port, "GET", "/v2/anything")[0] == 401
        assert raw_request(s.port, "GET", "/healthz")[0] == 200 and raw_request(s.port, "GET", "/")[0] == 200
        # Only the check-ins made with the token were written, and the access log names the route that ran.
        made = sum(1 for sp in SPELLINGS["/v1/verify"])
        assert len(log.read_text().splitlines()) <= made
        routes = {l["route"] for l in s.stderr_lines() if l.get("event") == "request"}
        assert "/v1/verify" in routes and "/metrics" in routes


# ---------------------------------------------------------------- 2. images with bounded work

def jpeg_of_many_scans(scans=3000, w=4000, h=3000):
    """A progressive JPEG of `scans` AC scans, each a few bytes (end-of-band runs over every
    block) but each a pass over all 187,500 blocks: libjpeg decodes them all at start."""
    out = bytearray(b"\xff\xd8")
    out += b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    out += b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, h, w, 1) + bytes([1, 0x11, 0])
    out += b"\xff\xc4" + struct.pack(">H", 20) + b"\x10" + bytes([1] + [0] * 15) + b"\xe0"
    blocks, bits = ((w + 7) // 8) * ((h + 7) // 8), ""
    while blocks > 0:
        run_ = min(blocks, 32767)
        bits += "0" + format(run_ - (1 << 14), "014b")
        blocks -= run_
    bits += "1" * (-len(bits) % 8)
    data = bytearray()
    for i in range(0, len(bits), 8):
        data.append(int(bits[i:i + 8], 2))
        if data[-1] == 0xFF:
            data.append(0)
    out += (b"\xff\xda" + struct.pack(">HB", 8, 1) + bytes([1, 0x00, 1, 63, 0x00]) + bytes(data)) * scans
    return bytes(out + b"\xff\xd9")


def png(width, height, bit_depth, colour_type, interlace=0):
    """A valid PNG of flat pixels, whatever its size (the pixel data compresses to almost nothing)."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    row = b"\x00" + b"\x80" * (width * channels * bit_depth // 8)
    if interlace:
        raw = b"".join(b"\x00" + b"\x80" * ((((width - x0 + dx - 1) // dx) * channels * bit_depth + 7) // 8)
                       for (x0, y0, dx, dy) in [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
                       if width > x0 for _ in range(y0, height, dy))
        idat = zlib.compress(raw, 1)
    else:
        z = zlib.compressobj(1)
        parts = [z.compress(row) for _ in range(height)]
        idat = b"".join(parts) + z.flush()

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, interlace)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def costly_images(tmp_path_factory):
    d = tmp_path_factory.mktemp("costly")
    files = {
        "scans.jpg": jpeg_of_many_scans(),
        "rgba16-40mp.png": png(6324, 6324, 16, 6),      # 320 MB of pixel data: refused by its cost
        "gray16-40mp.png": png(6324, 6324, 16, 0),      # 80 MB: decoded, within the time bound
        "gray16-40mp-interlaced.png": png(6324, 6324, 16, 0, interlace=1),
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    return d


def test_a_costly_image_is_answered_within_about_a_second(costly_images):
    for f in sorted(costly_images.iterdir()):
        start = time.monotonic()
        proc = run("verify", "--json", "--trust", TRUST, f)
        took = time.monotonic() - start
        (v,) = json_lines(proc.stdout)
        assert v["status"] == "unreadable" and [r["code"] for r in v["reasons"]] in (["IMAGE_TOO_COMPLEX"], ["IMAGE_NO_QR"]), f
        assert took < 2.0, f"{f.name}: {took:.2f} s"  # 1 s of work at most, plus the process
    # The JPEG is stopped by its scans, the 16-bit RGBA one by its cost, before seconds go by.
    (v,) = json_lines(run("verify", "--json", costly_images / "scans.jpg").stdout)
    assert "scans" in v["reasons"][0]["detail"]
    (v,) = json_lines(run("verify", "--json", costly_images / "rgba16-40mp.png").stdout)
    assert "MB of pixel data" in v["reasons"][0]["detail"]


def test_the_service_stops_costly_work_and_sigterm_does_not_wait_for_it(tmp, costly_images):
    jpeg = (costly_images / "scans.jpg").read_bytes()
    with Server(tmp, "--workers", "1") as s:
        start = time.monotonic()
        status, _, body = s.request("POST", "/v1/verify", jpeg, {"Content-Type": "image/jpeg"})
        assert status == 200 and json.loads(body)["reasons"][0]["code"] == "IMAGE_TOO_COMPLEX"
        assert time.monotonic() - start < 2.0
        # Three at once on one worker: each bounded, all answered; then SIGTERM returns at once.
        results = []
        threads = [threading.Thread(target=lambda: results.append(
            s.request("POST", "/v1/verify", jpeg, {"Content-Type": "image/jpeg"})[0])) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        start = time.monotonic()
        assert s.stop() == 0
        assert time.monotonic() - start < 5.0
        for t in threads:
            t.join(10)
        assert all(r in (200, 429, 503) for r in results)


def photo_png(tmp, side=3000):
    """A ~470 KB PNG: a card's QR on a 3000×3000 page with some texture (a phone photo saved losslessly)."""
    from PIL import Image
    import random
    qr = tmp / "qr.png"
    run("render", "--out", qr, signed(), check=0)
    page = Image.new("L", (side, side), 255)
    rnd = random.Random(7)
    cells = side // 3
    noise = bytes(rnd.choice((235, 245, 255)) for _ in range(cells * cells))
    page.paste(Image.frombytes("L", (cells, cells), noise).resize((side, side), Image.NEAREST))
    page.paste(Image.open(qr).convert("L").resize((side // 3, side // 3), Image.NEAREST), (side // 3, side // 3))
    out = tmp / "photo.png"
    page.save(out, optimize=False)
    return out.read_bytes()


def test_a_burst_of_honest_uploads_queues_or_is_told_to_retry_never_5xx(tmp):
    body = photo_png(tmp)
    assert 200_000 < len(body) < 1_500_000
    with Server(tmp, "--workers", "2") as s:
        results = []
        lock = threading.Lock()

        def upload():
            status, h, data = s.request("POST", "/v1/verify", body, {"Content-Type": "image/png"}, timeout=60)
            with lock:
                results.append((status, h.get("retry-after"), json.loads(data)))

        threads = [threading.Thread(target=upload) for _ in range(100)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        assert len(results) == 100
        statuses = [r[0] for r in results]
        assert set(statuses) <= {200, 429}, sorted(statuses)
        assert statuses.count(200) >= 20
        for status, retry, data in results:
            if status == 200:
                assert data["status"] == "valid"
            else:
                assert data["error"]["code"] == "BUSY" and retry == "1"


# ---------------------------------------------------------------- 3. the terminal

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
NASTY = "\x1b[2J\x1b[H\x1b[1;32m✔ HỢP LỆ\x1b]52;c;aGVsbG8=\x07\x9b31m\u202eAV\x08\r"


def forged(tmp, **members):
    """A signed card with a key nobody trusts (a junk signature to any verifier), claims as given."""
    key = ed25519.Ed25519PrivateKey.generate()
    card = json.loads((SAMPLES / "cards" / "d2021-k1.json").read_text())
    claims = ref.claims_from_card(card, "VN-79", 1735689600)
    claims.update(members.pop("top", {}))
    claims[-65537].update(members.pop("card", {}))
    cose = ref.sign(key, cbor2.dumps(claims, canonical=True))
    return ref.PREFIX + ref.b10encode(cose)


def test_text_from_a_forged_card_never_reaches_the_terminal_raw(tmp):
    cards = [
        forged(tmp, top={1: "VN-79" + NASTY}),                      # iss
        forged(tmp, card={2: "Nguyễn" + NASTY}),                    # the name
        forged(tmp, card={13: NASTY, 11: NASTY, 15: NASTY}),        # living area, management code, check string
        forged(tmp, card={2: 1.5}),                                 # CLAIMS_INVALID, with a detail
        forged(tmp, card={99: NASTY}),
    ]
    (tmp / "cards.txt").write_text("\n".join(cards) + "\n")
    for cmd in (["verify", "--trust", TRUST], ["inspect"], ["verify", "--lang", "vi", "--trust", TRUST], ["inspect", "--lang", "vi"]):
        proc = run(*cmd, tmp / "cards.txt")
        assert proc.stdout.strip() and not CONTROL.search(proc.stdout), (cmd, proc.stdout)
        assert not CONTROL.search(proc.stderr), (cmd, proc.stderr)
        if cmd[0] == "inspect":
            assert "iss VN-79\\u{1B}[2J" in proc.stdout  # shown, escaped
    # JSON escapes them all too (C1 and bidi included), and stays JSON.
    for line in run("verify", "--json", "--trust", TRUST, tmp / "cards.txt").stdout.splitlines():
        assert not CONTROL.search(line) and json.loads(line)
    # Under a terminal (colour on) the only control sequences are the command's own colours.
    out = subprocess.run(["script", "-qec", f"{BHYT} verify --trust {TRUST} {tmp / 'cards.txt'}", "/dev/null"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    leftovers = re.sub(r"\x1b\[(0|1;3[123])m", "", out).replace("\r\n", "\n")
    assert "✔" not in out.split("\n")[0] or "\\u{1B}" in out
    assert not CONTROL.search(leftovers), repr(leftovers[:400])


def test_text_from_a_list_file_never_reaches_the_terminal_raw(tmp):
    trust = json.loads(TRUST.read_text())
    trust["keys"][0]["kid"] = "AAAAAAAAAAA" + NASTY
    trust["keys"][1]["iss"] = "VN" + NASTY
    (tmp / "trust.json").write_text(json.dumps(trust))
    for cmd in (["trust", "list", "--trust", tmp / "trust.json"], ["verify", "--trust", tmp / "trust.json", signed()]):
        proc = run(*cmd)
        assert not CONTROL.search(proc.stdout + proc.stderr), (cmd, proc.stdout, proc.stderr)
    # A signed list whose header carries control characters: refused, and the refusal is escaped.
    header = ref.b64u(json.dumps({"alg": "EdDSA", "typ": "bhyt-trust+jwt" + NASTY, "kid": NASTY}).encode())
    (tmp / "trust.jws").write_text(header + ".e30.AAAA\n")
    for cmd in (["trust", "show", tmp / "trust.jws"], ["verify", "--trust", tmp / "trust.jws", signed()]):
        proc = run(*cmd)
        assert proc.returncode != 0 and not CONTROL.search(proc.stdout + proc.stderr), (cmd, proc.stderr)


def test_issue_refuses_control_characters_in_every_text_member(tmp):
    card = json.loads((SAMPLES / "cards" / "d2021-k1.json").read_text())
    for member in ("fullName", "address", "managementCode", "guardianName", "livingArea", "checkString", "issuingPlace"):
        bad = dict(card, **{member: "A\x1b[2JB"})
        (tmp / "bad.json").write_text(json.dumps(bad))
        proc = run("issue", "--key", SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.key.pem", "--iss", "VN-79",
                   "--at", "2025-01-01", tmp / "bad.json")
        assert proc.returncode == 1 and not proc.stdout.strip(), (member, proc.stdout, proc.stderr)
        assert "U+001B" in proc.stderr, (member, proc.stderr)


# ---------------------------------------------------------------- 4. a crash's half line

def test_a_partial_last_line_in_the_log_is_set_aside_before_the_next_check_in(tmp):
    log = tmp / "checkin.jsonl"
    run("scan", "--trust", TRUST, "--log", log, "--at", "2025-07-01T09:00:00+07:00", input=signed() + "\n", check=0)
    whole = log.read_text()
    log.write_text(whole + whole[: len(whole) // 2])  # killed mid-write
    proc = run("scan", "--trust", TRUST, "--log", log, "--at", "2025-07-01T10:00:00+07:00",
               input=signed("cb-2016-k2") + "\n", check=0)
    assert "cut short" in proc.stderr and "checkin.jsonl.partial" in proc.stderr
    entries = [json.loads(line) for line in log.read_text().splitlines()]  # every line whole
    assert len(entries) == 2 and entries[1]["verdict"]["status"] == "valid"
    assert (tmp / "checkin.jsonl.partial").read_text() == whole[: len(whole) // 2] + "\n"
    # The service repairs on start as well, and says so in its operator log.
    log.write_text(log.read_text() + '{"scannedAt":')
    with Server(tmp, "--log", log) as s:
        assert any(l.get("event") == "checkin-log-repaired" for l in s.stderr_lines())
        assert s.verify(signed())[2]["status"] == "valid"
    assert all(json.loads(line) for line in log.read_text().splitlines())


# ---------------------------------------------------------------- 5. connections and load

def hold(port, n, source, partial=b"POST /v1/verify HTTP/1.1\r\nHost: x\r\n"):
    conns = []
    for _ in range(n):
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
            c.sendall(partial)
            conns.append(c)
        except OSError:
            break
    return conns


def closed_by_server(c, within):
    c.settimeout(within)
    try:
        return c.recv(1) == b""
    except (socket.timeout, TimeoutError):
        return False
    except OSError:
        return True


def test_half_open_requests_cannot_keep_the_service_from_others(tmp):
    (tmp / "token").write_text(TOKEN + "\n")
    with Server(tmp, "--token-file", tmp / "token", "--header-timeout", "2", "--connections-per-client", "8") as s:
        flood = hold(s.port, 300, "127.0.0.3")   # one client, 300 half-open requests
        share = hold(s.port, 12, "127.0.0.2")    # another, over its share of 8
        try:
            # Everyone else is served at once.
            start = time.monotonic()
            assert s.request("GET", "/healthz", timeout=5)[0] == 200
            assert s.verify(signed(), headers={"Authorization": "Bearer " + TOKEN})[2]["status"] == "valid"
            assert time.monotonic() - start < 2
            # Over its share, a client still gets /healthz and requests with the token; anything
            # else is told BUSY with Retry-After.
            assert raw_request(s.port, "GET", "/healthz", source="127.0.0.2")[0] == 200
            assert raw_request(s.port, "GET", "/v1/status", source="127.0.0.2",
                               headers={"Authorization": "Bearer " + TOKEN})[0] == 200
            status, body = raw_request(s.port, "GET", "/v1/status", source="127.0.0.2")
            assert status == 429 and json.loads(body)["error"]["code"] == "BUSY"
            # The flood holds at most four shares; the rest were closed as they opened, and
            # every half-open request is closed once its headers are late.
            assert sum(not closed_by_server(c, 0.05) for c in flood) <= 32
            assert all(closed_by_server(c, 5) for c in flood + share)
        finally:
            for c in flood + share:
                c.close()
        assert s.request("GET", "/healthz")[0] == 200


# ---------------------------------------------------------------- 6. lists

def test_a_reload_with_the_same_seq_and_other_content_is_refused(tmp):
    root = tmp / "root"
    run("keygen", "--alg", "EdDSA", "--out", root, check=0)
    trust = tmp / "trust.jws"

    def sign(source, seq=None):
        args = ["--sequence", seq] if seq is not None else []
        run("trust", "sign", "--key", f"{root}.key.pem", "--valid-for", "30d", "--at", "2025-06-20", *args,
            "--out", tmp / "new.jws", source, check=0)
        (tmp / "new.jws").replace(trust)
        return json.loads(ref.unb64u(trust.read_text().split(".")[1]))["seq"]

    both = json.loads(TRUST.read_text())
    only_56 = dict(both, keys=[k for k in both["keys"] if k.get("iss") != "VN-79"])
    (tmp / "only-56.json").write_text(json.dumps(only_56))
    seq = sign(tmp / "only-56.json", 5)                        # VN-79's key removed
    with Server(tmp, "--poll", "0", "--root", f"{root}.pub.pem", trust=trust) as s:
        assert [r["code"] for r in s.verify(signed())[2]["reasons"]] == ["KEY_UNKNOWN"]
        sign(TRUST, 5)                                        # the removed key back, under seq 5
        s.send(__import__("signal").SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and s.json("GET", "/v1/status")[2]["lastReload"] is None:
            time.sleep(0.05)
        last = s.json("GET", "/v1/status")[2]["lastReload"]
        assert last["ok"] is False and "LIST_SEQ_REUSED" in last["error"]
        assert s.verify(signed())[2]["status"] != "valid"
    assert seq == 5


def test_the_default_seq_never_repeats_for_a_key(tmp):
    root = tmp / "root"
    run("keygen", "--alg", "EdDSA", "--out", root, check=0)
    seqs = []
    for _ in range(3):  # the same --at: the same iat, three seqs
        out = run("trust", "sign", "--key", f"{root}.key.pem", "--valid-for", "7d", "--at", "2025-07-01", TRUST, check=0).stdout
        seqs.append(json.loads(ref.unb64u(out.strip().split(".")[1]))["seq"])
    assert len(set(seqs)) == 3 and seqs == sorted(seqs)
    # A revocation list has its own numbers; an explicit seq already used is warned about.
    out = run("revocation", "sign", "--key", f"{root}.key.pem", "--valid-for", "1d", "--at", "2025-07-01",
              SAMPLES / "revoked.txt" if (SAMPLES / "revoked.txt").exists() else TRUST, check=None)
    proc = run("trust", "sign", "--key", f"{root}.key.pem", "--valid-for", "7d", "--sequence", seqs[0], TRUST, check=0)
    assert "already signed" in proc.stderr


def test_a_plain_revocation_list_is_read_whole_and_not_taken_when_it_shrinks(tmp):
    lines = [f"{1000000000 + i}" for i in range(20000)]
    revoked = tmp / "revoked.txt"
    revoked.write_text("\n".join(lines) + "\n")
    with Server(tmp, "--poll", "1", "--revoked", revoked) as s:
        assert s.json("GET", "/v1/status")[2]["revocations"]["entries"] == 20000
        # Rewritten in place, slowly: every prefix is a valid list; none may be taken.
        with open(revoked, "w") as f:
            for i in range(0, 20000, 2000):
                f.write("\n".join(lines[i:i + 2000]) + "\n")
                f.flush()
                time.sleep(0.4)
                assert s.json("GET", "/v1/status")[2]["revocations"]["entries"] in (20000,)
        time.sleep(2.5)
        assert s.json("GET", "/v1/status")[2]["revocations"]["entries"] == 20000  # the same list, whole
        # Cut to a tenth, unsigned: refused, said so, the old list stays.
        revoked.write_text("\n".join(lines[:2000]) + "\n")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (s.json("GET", "/v1/status")[2]["lastReload"] or {}).get("error"):
            time.sleep(0.1)
        last = s.json("GET", "/v1/status")[2]["lastReload"]
        assert last["ok"] is False and "2000" in last["error"] and "20000" in last["error"]
        assert s.json("GET", "/v1/status")[2]["revocations"]["entries"] == 20000
        # A modest update is taken.
        revoked.write_text("\n".join(lines[:19000]) + "\n")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and s.json("GET", "/v1/status")[2]["revocations"]["entries"] != 19000:
            time.sleep(0.1)
        assert s.json("GET", "/v1/status")[2]["revocations"]["entries"] == 19000


# ---------------------------------------------------------------- from a review of the fixes

def test_the_log_repair_never_touches_a_file_that_is_no_log(tmp):
    notes = tmp / "notes.txt"
    notes.write_text("first line\nsecond line, no line feed")
    proc = run("scan", "--trust", TRUST, "--log", notes, input=signed() + "\n")
    assert proc.returncode == 2 and "not a check-in log" in proc.stderr
    assert notes.read_text() == "first line\nsecond line, no line feed" and not (tmp / "notes.txt.partial").exists()
    # A whole entry that lacks only its line feed is kept, not set aside.
    log = tmp / "log.jsonl"
    run("scan", "--trust", TRUST, "--log", log, "--at", "2025-07-01T09:00:00+07:00", input=signed() + "\n", check=0)
    log.write_text(log.read_text().rstrip("\n"))
    run("scan", "--trust", TRUST, "--log", log, "--at", "2025-07-01T10:00:00+07:00", input=signed("cb-2016-k2") + "\n", check=0)
    assert len([json.loads(l) for l in log.read_text().splitlines()]) == 2 and not (tmp / "log.jsonl.partial").exists()


def test_one_writer_per_log(tmp):
    log = tmp / "log.jsonl"
    with Server(tmp, "--log", log) as s:
        proc = run("scan", "--trust", TRUST, "--log", log, input=signed() + "\n")
        assert proc.returncode == 2 and "in use" in proc.stderr
        assert s.verify(signed())[2]["status"] == "valid"


def test_a_list_header_cannot_forge_a_line(tmp):
    header = ref.b64u(json.dumps({"alg": "EdDSA", "typ": "bhyt-trust+jwt", "kid": "AAAA\n  signature: verified"}).encode())
    (tmp / "t.jws").write_text(header + ".e30.AAAA\n")
    proc = run("trust", "show", tmp / "t.jws")
    assert proc.returncode == 2 and "signature: verified" not in proc.stdout + proc.stderr.replace("kid is not base64url", "")


def test_a_connection_over_its_share_gets_one_request_then_is_closed(tmp):
    with Server(tmp, "--connections-per-client", "2") as s:
        share = hold(s.port, 2, "127.0.0.2")
        try:
            c = socket.create_connection(("127.0.0.1", s.port), timeout=5, source_address=("127.0.0.2", 0))
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while chunk := c.recv(65536):
                data += chunk
            assert data.startswith(b"HTTP/1.1 200") and data.count(b"HTTP/1.1 ") == 1 and b"connection: close" in data.lower()
        finally:
            for x in share:
                x.close()


def test_the_same_list_copied_in_place_is_not_reloaded_at_every_poll(tmp):
    import shutil
    root = SAMPLES / "keys" / "DEMO-ONLY-root-eddsa"
    trust = tmp / "trust.jws"
    run("trust", "sign", "--key", f"{root}.key.pem", "--valid-for", "30d", "--at", "2025-06-20", "--sequence", "3",
        "--out", trust, TRUST, check=0)
    with Server(tmp, "--poll", "1", "--root", f"{root}.pub.pem", trust=trust) as s:
        shutil.copy(trust, tmp / "copy.jws")
        shutil.copy(tmp / "copy.jws", trust)  # same content, new stamps
        time.sleep(4.5)
        reloads = [l for l in s.stderr_lines() if l.get("event") == "lists-reloaded"]
        assert len(reloads) <= 1, reloads
