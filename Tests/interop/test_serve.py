"""`bhyt serve`: the HTTP API as an HIS calls it (docs/SERVICE.md, docs/openapi.yaml)."""
import json
import signal
import socket
import threading
import time

import pytest
from PIL import Image, ImageFilter

from conftest import SAMPLES, run
from serve_helper import AT, TRUST, Server, legacy, signed

ERROR_CODES = {"BODY_TOO_LARGE", "JSON_INVALID", "REQUEST_INVALID", "UNSUPPORTED_MEDIA_TYPE", "NOT_FOUND",
               "METHOD_NOT_ALLOWED", "UNAUTHORIZED", "BATCH_TOO_LARGE", "ORIGIN_NOT_ALLOWED", "BODY_UNREADABLE"}


@pytest.fixture
def server(tmp):
    with Server(tmp, "--log", tmp / "checkin.jsonl") as s:
        yield s


def cli_verdict(text, lang="vi"):
    """What `bhyt verify --json` says of the text (read from stdin, as a scanner's line)."""
    proc = run("verify", "--json", "--trust", TRUST, "--at", AT, "--lang", lang, "-", input=text + "\n")
    row = json.loads(proc.stdout.splitlines()[0])
    row.pop("input")
    return row


def assert_error(status, headers, body, want_status, code):
    assert status == want_status, body
    assert headers["content-type"].startswith("application/json")
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code and body["error"]["message"]


def test_one_text_is_the_verdict_verify_json_gives(server):
    for text in [signed(), signed("te-2016", "eddsa"), signed("dn-2016"), legacy(), "garbage"]:
        status, h, v = server.verify(text)
        assert status == 200 and h["content-type"] == "application/json; charset=utf-8"
        assert h["cache-control"] == "no-store"
        assert v == cli_verdict(text), text
    assert server.verify(signed())[2]["status"] == "valid"
    assert [r["code"] for r in server.verify(signed("dn-2016"))[2]["reasons"]] == ["EXPIRED"]
    v = server.verify(legacy("d2021-k1"))[2]
    assert v["status"] == "unverified" and "LEGACY_UNSIGNED" in [r["code"] for r in v["reasons"]]
    assert server.verify("garbage")[2]["reasons"][0]["code"] == "FORMAT_UNKNOWN"
    # A forged signature is a 200 with status invalid, never valid.
    text = signed()
    forged = text[:-8] + ("1" if text[-8] != "1" else "2") + text[-7:]
    v = server.verify(forged)[2]
    assert v["status"] == "invalid" and v["card"] is None


def test_language_by_query_or_accept_language(server):
    vi = server.verify(signed("dn-2016"))[2]["reasons"][0]["message"]
    en = server.verify(signed("dn-2016"), lang="en")[2]["reasons"][0]["message"]
    assert "hết hạn" in vi and "expired" in en
    assert server.verify(signed("dn-2016"), headers={"Accept-Language": "en-US,en;q=0.9"})[2]["reasons"][0]["message"] == en
    assert server.verify(signed("dn-2016"), headers={"Accept-Language": "fr, vi;q=0.5, en;q=0.4"})[2]["reasons"][0]["message"] == vi
    assert server.verify(signed("dn-2016"), lang="vi", headers={"Accept-Language": "en"})[2]["reasons"][0]["message"] == vi
    assert_error(*server.verify("x", lang="fr"), 400, "REQUEST_INVALID")


def test_ime_mangled_legacy_text_has_the_repaired_reading(server):
    text = (SAMPLES / "legacy" / "quirks" / "telex-mangled.txt").read_text().rstrip("\r\n")
    v = server.verify(text)[2]
    ime = [r for r in v["reasons"] if r["code"] == "IME_MANGLED"]
    assert ime and ime[0]["severity"] == "warning" and v["card"]["fullName"]
    assert v["card"] == server.verify(legacy("dn-2016"))[2]["card"]


def test_batch_in_order_and_not_check_ins(server, tmp):
    names = ["cb-2016-k2", "d2021-k1", "d2021-open", "dn-2016", "hs-2016", "pre2016", "te-2016"]
    texts = [signed(n) for n in names] + [legacy(n) for n in names] + ["junk", "BHXH1:99"]
    status, _, body = server.json("POST", "/v1/verify?lang=en", {"texts": texts})
    assert status == 200 and list(body) == ["verdicts"] and len(body["verdicts"]) == len(texts)
    for text, v in zip(texts, body["verdicts"]):
        assert v == cli_verdict(text, "en")
    assert server.json("POST", "/v1/verify", {"texts": []})[2] == {"verdicts": []}
    assert_error(*server.json("POST", "/v1/verify", {"texts": ["x"] * 1001}), 400, "BATCH_TOO_LARGE")
    many = server.json("POST", "/v1/verify", {"texts": [signed()] * 1000})
    assert many[0] == 200 and {v["status"] for v in many[2]["verdicts"]} == {"valid"}
    log = tmp / "checkin.jsonl"
    assert not log.exists() or log.read_text() == ""


def test_images_png_and_jpeg(server, tmp):
    run("render", "--out", tmp / "card.png", signed(), check=0)
    png = (tmp / "card.png").read_bytes()
    status, _, v = server.json("POST", "/v1/verify", png, {"Content-Type": "image/png"})
    assert status == 200 and v == cli_verdict(signed())
    # a phone-photo-like JPEG (PIL): small QR in a big grey frame, turned and blurred
    qr = Image.open(tmp / "card.png").convert("L").resize((700, 700), Image.NEAREST).rotate(3, expand=True, fillcolor=255)
    canvas = Image.new("L", (2000, 1500), 170)
    canvas.paste(qr, (600, 300))
    canvas.filter(ImageFilter.GaussianBlur(1.0)).save(tmp / "photo.jpg", "JPEG", quality=85)
    status, _, v = server.json("POST", "/v1/verify?lang=en", (tmp / "photo.jpg").read_bytes(), {"Content-Type": "image/jpeg"})
    assert status == 200 and v["status"] == "valid"
    # content decides: a PNG sent as image/jpeg still reads; bytes that are no image are a verdict
    assert server.json("POST", "/v1/verify", png, {"Content-Type": "image/jpeg"})[2]["status"] == "valid"
    status, _, v = server.json("POST", "/v1/verify", b"\x89PNG\r\n\x1a\nnot really", {"Content-Type": "image/png"})
    assert status == 200 and v["status"] == "unreadable" and v["reasons"][0]["code"] == "IMAGE_NO_QR"
    status, _, v = server.json("POST", "/v1/verify", b"", {"Content-Type": "image/png"})
    assert status == 200 and v["reasons"][0]["code"] == "IMAGE_NO_QR"


def test_uploads_as_php_curl_and_dotnet_send_them(server, tmp):
    """PHP's curl with CURLFile sends multipart/form-data; .NET's HttpClient with ByteArrayContent,
    application/octet-stream. Both give the verdict of the picture (urllib3 writes the form)."""
    from urllib3.filepost import encode_multipart_formdata
    run("render", "--out", tmp / "card.png", signed(), check=0)
    png = (tmp / "card.png").read_bytes()
    body, content_type = encode_multipart_formdata({"desk": "quầy 2", "image": ("card.png", png, "image/png")})
    status, _, v = server.json("POST", "/v1/verify", body, {"Content-Type": content_type})
    assert status == 200 and v == cli_verdict(signed())
    status, _, v = server.json("POST", "/v1/verify", png, {"Content-Type": "application/octet-stream"})
    assert status == 200 and v["status"] == "valid"
    body, content_type = encode_multipart_formdata({"desk": "quầy 2"})
    status, _, v = server.json("POST", "/v1/verify", body, {"Content-Type": content_type})
    assert status == 400 and v["error"]["code"] == "REQUEST_INVALID"


def test_inspect_is_what_inspect_json_writes(server):
    for text in [signed(), legacy(), "nonsense|x", "BHXH1:12"]:
        status, _, body = server.json("POST", "/v1/inspect?lang=en", {"text": text})
        assert status == 200
        cli = json.loads(run("inspect", "--json", "--lang", "en", text).stdout.splitlines()[0])
        body.pop("input"), cli.pop("input")
        assert body == cli
    assert server.json("POST", "/v1/inspect", {"text": signed()})[2]["trustChecked"] is False
    assert_error(*server.json("POST", "/v1/inspect", {"texts": [signed()]}), 400, "REQUEST_INVALID")


def test_malformed_requests_are_4xx_with_stable_codes(server):
    j = {"Content-Type": "application/json"}
    cases = [
        (("POST", "/v1/verify", b"{", j), 400, "JSON_INVALID"),
        (("POST", "/v1/verify", b'{"text":"a","text":"b"}', j), 400, "JSON_INVALID"),
        (("POST", "/v1/verify", b"\xff\xfe", j), 400, "JSON_INVALID"),
        (("POST", "/v1/verify", b"[" * 100000 + b"]" * 100000, j), 400, "JSON_INVALID"),
        (("POST", "/v1/verify", b'["a"]', j), 400, "REQUEST_INVALID"),
        (("POST", "/v1/verify", b'{"text": 5}', j), 400, "REQUEST_INVALID"),
        (("POST", "/v1/verify", b'{"texts": [1]}', j), 400, "REQUEST_INVALID"),
        (("POST", "/v1/verify", b'{"text": "a", "texts": []}', j), 400, "REQUEST_INVALID"),
        (("POST", "/v1/verify", b'{"card": "a"}', j), 400, "REQUEST_INVALID"),
        (("POST", "/v1/verify", b'{}', j), 400, "REQUEST_INVALID"),
        (("POST", "/v1/verify", b'{"text": "a"}', {"Content-Type": "text/plain"}), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (("POST", "/v1/verify", b'{"text": "a"}', {}), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (("POST", "/v1/inspect", b"x", {"Content-Type": "image/png"}), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (("GET", "/nope", None, {}), 404, "NOT_FOUND"),
        (("GET", "/v1/verify/../../etc/passwd", None, {}), 404, "NOT_FOUND"),
        (("GET", "/BHXH1:1234%00%ff", None, {}), 404, "NOT_FOUND"),
        (("GET", "/v1/verify", None, {}), 405, "METHOD_NOT_ALLOWED"),
        (("DELETE", "/v1/status", None, {}), 405, "METHOD_NOT_ALLOWED"),
        (("POST", "/healthz", b"", {}), 405, "METHOD_NOT_ALLOWED"),
        (("POST", "/v1/verify", b'{"text": "' + b"a" * (1 << 20) + b'"}', j), 413, "BODY_TOO_LARGE"),
        (("POST", "/v1/inspect", b'{"text": "' + b"a" * (64 << 10) + b'"}', j), 413, "BODY_TOO_LARGE"),
        (("POST", "/v1/verify", b"\0" * ((4 << 20) + 1), {"Content-Type": "image/png"}), 413, "BODY_TOO_LARGE"),
    ]
    for (method, path, body, headers), want, code in cases:
        status, h, data = server.request(method, path, body, headers)
        assert_error(status, h, json.loads(data), want, code)
    assert server.request("GET", "/v1/verify")[1]["allow"] == "POST"
    # a text far over the verifier's limit (within the body limit) is a verdict, not an error
    v = server.verify("BHXH1:" + "1" * 100000)[2]
    assert v["status"] == "unreadable" and v["reasons"][0]["code"] == "INPUT_TOO_LARGE"
    assert server.request("GET", "/healthz")[0] == 200


def test_hostile_bytes_on_the_wire_never_5xx_or_stop_the_service(server):
    payloads = [b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                b"POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"te",
                b"POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n",
                b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 5000 + b"\r\n",
                b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256))]
    for p in payloads:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        try:
            s.sendall(p)
            s.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            data = b""
        finally:
            s.close()
        if data:
            assert not data.startswith(b"HTTP/1.1 5"), (p[:40], data[:200])
    assert server.verify(signed())[2]["status"] == "valid"
    assert server.proc.poll() is None


def test_status_health_and_metrics(server):
    status, _, body = server.json("GET", "/v1/status")
    assert status == 200 and body["trust"]["keys"] == 2 and body["trust"]["issuers"] == ["VN-56", "VN-79"]
    assert body["revocations"] is None and body["timeFixed"] is True and body["today"]["day"] == "2025-07-01"
    assert server.json("GET", "/healthz")[:3:2] == (200, {"status": "ok", "keys": 2, "reasons": []})
    server.verify(signed())
    server.verify(signed("dn-2016"))
    status, h, data = server.request("GET", "/metrics")
    text = data.decode()
    assert status == 200 and h["content-type"].startswith("text/plain")
    assert 'bhyt_verdicts_total{status="valid",reason="NONE"} 1' in text
    assert 'bhyt_verdicts_total{status="invalid",reason="EXPIRED"} 1' in text
    assert 'bhyt_request_duration_seconds_bucket{route="/v1/verify",method="POST",status="2xx",le="+Inf"}' in text
    assert "bhyt_list_age_seconds " in text and "bhyt_trust_keys 2" in text
    today = server.json("GET", "/v1/status")[2]["today"]
    assert today == {"day": "2025-07-01", "valid": 1, "invalid": 1, "unverified": 0}


def test_status_with_revocations_and_facility(tmp):
    (tmp / "revoked.txt").write_text("0123456789\n")
    with Server(tmp, "--revoked", tmp / "revoked.txt", "--facility", "79024") as s:
        body = s.json("GET", "/v1/status")[2]
        assert body["revocations"]["entries"] == 1 and body["facility"] == "79024"
        codes = [r["code"] for r in s.verify(signed("dn-2016"))[2]["reasons"]]
        assert "REVOKED" in codes


def test_access_log_holds_no_card_content(server):
    server.verify(signed())
    server.verify(legacy())
    server.request("GET", "/Ph%E1%BA%A1m-0123456789")
    err = server.stderr_text()
    assert "0123456789" not in err and "Phạm" not in err and "BHXH1" not in err
    routes = [l["route"] for l in server.stderr_lines() if l.get("event") == "request"]
    assert routes == ["/v1/verify", "/v1/verify", "unmatched"]


def test_check_ins_in_the_format_bhyt_scan_writes(server, tmp):
    run("render", "--out", tmp / "card.png", signed("te-2016"), check=0)
    server.verify(signed())
    server.verify(signed())  # the same card again: a repeat
    server.verify("garbage")  # no card: not logged
    server.json("POST", "/v1/verify", {"texts": [signed("hs-2016")]})  # a batch: not a check-in
    server.json("POST", "/v1/verify", (tmp / "card.png").read_bytes(), {"Content-Type": "image/png"})
    lines = [json.loads(l) for l in (tmp / "checkin.jsonl").read_text().splitlines()]
    assert [(l["repeat"], l["verdict"]["status"]) for l in lines] == [(False, "valid"), (True, "valid"), (False, "valid")]
    assert lines[2]["code"] == json.loads(run("inspect", "--json", signed("te-2016")).stdout)["card"]["code"]
    # the same entry bhyt scan writes for the same card at the same time
    run("scan", "--log", tmp / "scan.jsonl", "--trust", TRUST, "--at", AT, "--lang", "vi", input=signed() + "\n", check=0)
    scanned = json.loads((tmp / "scan.jsonl").read_text().splitlines()[0])
    assert scanned == lines[0]
    assert (tmp / "checkin.jsonl").stat().st_mode & 0o777 == 0o600


def test_counts_carry_over_a_restart(tmp):
    with Server(tmp, "--log", tmp / "log.jsonl") as s:
        s.verify(signed())
        assert s.stop() == 0
    with Server(tmp, "--log", tmp / "log.jsonl") as s:
        assert s.json("GET", "/v1/status")[2]["today"]["valid"] == 1


def test_token_required_off_loopback(tmp):
    proc = run("serve", "--host", "0.0.0.0", "--port", "0", "--trust", TRUST)
    assert proc.returncode == 2 and "--token-file" in proc.stderr
    (tmp / "short").write_text("abc\n")
    proc = run("serve", "--host", "0.0.0.0", "--port", "0", "--trust", TRUST, "--token-file", tmp / "short")
    assert proc.returncode == 2
    token = "s3cret-token-for-the-desk-0123456789"
    (tmp / "token").write_text(token + "\n")
    with Server(tmp, "--token-file", tmp / "token", host="0.0.0.0") as s:
        assert "WARNING" in s.stderr_text() or "CẢNH BÁO" in s.stderr_text()
        assert_error(*s.verify(signed()), 401, "UNAUTHORIZED")
        assert_error(*s.verify(signed(), headers={"Authorization": "Bearer wrong"}), 401, "UNAUTHORIZED")
        assert_error(*s.verify(signed(), headers={"Authorization": "Bearer " + token + "x"}), 401, "UNAUTHORIZED")
        assert_error(*s.verify(signed(), headers={"Authorization": "Basic " + token}), 401, "UNAUTHORIZED")
        assert s.request("GET", "/metrics")[0] == 401 and s.request("GET", "/v1/status")[0] == 401
        assert s.verify(signed(), headers={"Authorization": "Bearer " + token})[2]["status"] == "valid"
        assert s.request("GET", "/healthz")[0] == 200 and s.request("GET", "/")[0] == 200


def test_cors_only_for_allowed_origins(tmp):
    with Server(tmp, "--allow-origin", "https://his.example", "https://his2.example") as s:
        pre = {"Origin": "https://his.example", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
        status, h, _ = s.request("OPTIONS", "/v1/verify", None, pre)
        assert status == 204 and h["access-control-allow-origin"] == "https://his.example"
        assert "POST" in h["access-control-allow-methods"]
        status, h, body = s.request("OPTIONS", "/v1/verify", None, {**pre, "Origin": "https://evil.example"})
        assert_error(status, h, json.loads(body), 403, "ORIGIN_NOT_ALLOWED")
        status, h, v = s.verify(signed(), headers={"Origin": "https://his2.example"})
        assert v["status"] == "valid" and h["access-control-allow-origin"] == "https://his2.example"
        status, h, v = s.verify(signed(), headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in h


def one_key_trust(path, iss):
    keys = json.loads(TRUST.read_text())["keys"]
    path.write_text(json.dumps({"keys": [k for k in keys if k["iss"] == iss]}))


def test_lists_reload_on_sighup_while_requests_run(tmp):
    trust = tmp / "trust.json"
    one_key_trust(trust, "VN-56")
    with Server(tmp, "--poll", "0", trust=trust) as s:
        assert s.verify(signed())[2]["reasons"][0]["code"] == "KEY_UNKNOWN"
        stop = threading.Event()
        seen, errors = [], []

        def hammer():
            while not stop.is_set():
                try:
                    status, _, v = s.verify(signed())
                    seen.append((status, v["status"]))
                except Exception as e:  # noqa: BLE001 - any failure is the test's failure
                    errors.append(repr(e))

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        trust.write_text(TRUST.read_text())
        s.send(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (not seen or seen[-1][1] != "valid"):
            time.sleep(0.05)
        time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join()
        assert not errors and seen and all(status == 200 for status, _ in seen)
        # invalid (KEY_UNKNOWN) until the swap, valid after: never half a list
        statuses = [v for _, v in seen]
        first_valid = statuses.index("valid")
        assert set(statuses[:first_valid]) == {"invalid"} and set(statuses[first_valid + 20:]) <= {"valid"}
        status = s.json("GET", "/v1/status")[2]
        assert status["trust"]["keys"] == 2 and status["lastReload"]["ok"] is True
        # a broken list is reported and the old one stays in force
        trust.write_text('{"keys": [')
        s.send(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and s.json("GET", "/v1/status")[2]["lastReload"]["ok"]:
            time.sleep(0.05)
        status = s.json("GET", "/v1/status")[2]
        assert status["lastReload"]["ok"] is False and status["lastReload"]["error"]
        assert status["trust"]["keys"] == 2 and s.verify(signed())[2]["status"] == "valid"
        assert any(l.get("event") == "lists-reload-failed" for l in s.stderr_lines())
        assert s.proc.poll() is None


def test_lists_reload_when_a_file_changes(tmp):
    trust = tmp / "trust.json"
    one_key_trust(trust, "VN-56")
    with Server(tmp, "--poll", "1", trust=trust) as s:
        assert s.verify(signed())[2]["status"] == "invalid"
        trust.write_text(TRUST.read_text())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and s.verify(signed())[2]["status"] != "valid":
            time.sleep(0.1)
        assert s.verify(signed())[2]["status"] == "valid"
        assert any(l.get("event") == "lists-reloaded" and l.get("cause") == "file changed" for l in s.stderr_lines())


def test_sigterm_answers_requests_in_flight_and_exits_0(tmp):
    with Server(tmp, "--log", tmp / "log.jsonl") as s:
        results, errors = [], []
        batch = {"texts": [signed()] * 1000}

        def call(i):
            try:
                if i % 2:
                    results.append(s.json("POST", "/v1/verify", batch)[0])
                else:
                    results.append(s.verify(signed("te-2016"))[0])
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=call, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        time.sleep(0.15)
        s.send(signal.SIGTERM)
        for t in threads:
            t.join(60)
        assert s.proc.wait(30) == 0
        assert not errors and results == [200] * 12
        assert any(l.get("event") == "stopped" for l in s.stderr_lines())
        entries = (tmp / "log.jsonl").read_text().splitlines()
        assert entries and all(json.loads(e)["verdict"]["status"] == "valid" for e in entries)


def test_bad_start_is_exit_2_with_a_reason(tmp):
    proc = run("serve", "--port", "0", "--trust", tmp / "missing.json")
    assert proc.returncode == 2 and "missing.json" in proc.stderr
    (tmp / "d").mkdir()
    proc = run("serve", "--port", "0", "--trust", TRUST, "--log", tmp / "d")
    assert proc.returncode == 2 and "bhyt serve:" in proc.stderr
    proc = run("serve", "--port", "0", "--trust", TRUST, "--facility", "nope")
    assert proc.returncode == 2


def test_no_usable_key_or_a_taken_port_is_no_start(tmp):
    """A trust list without a usable key would make every genuine card red at the desk."""
    (tmp / "empty.json").write_text('{"keys": []}')
    proc = run("serve", "--port", "0", "--trust", tmp / "empty.json", "--lang", "en")
    assert proc.returncode == 2 and "no usable key" in proc.stderr and "empty.json" in proc.stderr
    with Server(tmp) as s:
        proc = run("serve", "--port", s.port, "--trust", TRUST, "--lang", "en")
        assert proc.returncode == 2 and f"127.0.0.1:{s.port}: the port is in use" in proc.stderr


def test_expect_100_continue_is_answered_before_the_body(server):
    """curl and PHP send `Expect: 100-continue` before a large body, .NET Framework before every POST."""
    body = json.dumps({"text": signed()}).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as c:
        c.sendall(b"POST /v1/verify?lang=EN HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body))
        c.settimeout(0.5)  # curl gives up waiting after 1 s; we must answer well before
        interim = c.recv(4096)
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n"), interim
        c.settimeout(5)
        c.sendall(body)
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            reply += c.recv(65536)
    head, _, payload = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and json.loads(payload)["status"] == "valid"


def test_reloads_keep_wall_clock_times_and_a_broken_list_is_reported_once(tmp):
    trust = tmp / "trust.json"
    trust.write_text(TRUST.read_text())
    with Server(tmp, "--poll", "1", trust=trust) as s:  # --at fixes the verification time only
        trust.write_text('{"keys": [')
        time.sleep(3.5)
        failures = [l for l in s.stderr_lines() if l.get("event") == "lists-reload-failed"]
        assert len(failures) == 1, failures
        one_key_trust(trust, "VN-79")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(l.get("event") == "lists-reloaded" for l in s.stderr_lines()):
            time.sleep(0.1)
        status = s.json("GET", "/v1/status")[2]
        assert abs(status["trust"]["loadedAt"] - time.time()) < 60, status["trust"]
        assert s.verify(signed())[2]["status"] == "valid"


def test_origins_are_checked_at_start_and_uptime_checks_may_use_head(tmp):
    for origin in ["*", "his.example", "https://his.example/"]:
        proc = run("serve", "--port", "0", "--trust", TRUST, "--allow-origin", origin, "--lang", "en")
        assert proc.returncode == 2 and "is not an origin" in proc.stderr, origin
    with Server(tmp, "--allow-origin", "https://his.example:8443") as s:
        for path in ["/healthz", "/"]:
            status, headers, body = s.request("HEAD", path)
            assert status == 200 and body == b"" and headers["content-type"]


def test_overload_is_429_busy_never_5xx(tmp):
    with Server(tmp, "--workers", "1", "--max-queued", "2") as s:
        results, errors = [], []
        batch = {"texts": [signed()] * 1000}

        def call():
            try:
                status, h, body = s.json("POST", "/v1/verify", batch)
                results.append((status, body if status != 200 else None, h.get("retry-after")))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=call) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors
        statuses = sorted(r[0] for r in results)
        assert set(statuses) <= {200, 429} and 200 in statuses and 429 in statuses, statuses
        for status, body, retry in results:
            if status == 429:
                assert body == {"error": {"code": "BUSY", "message": body["error"]["message"]}} and retry == "1"
        assert s.verify(signed())[2]["status"] == "valid"


def test_signed_lists_with_a_pinned_root_and_no_rollback_on_reload(tmp):
    """With --root the service takes only lists the root signed; a reload never takes a lower seq."""
    root = SAMPLES / "keys" / "DEMO-ONLY-root-eddsa"
    trust = tmp / "trust.jws"

    def sign(seq, source=TRUST):
        run("trust", "sign", "--key", f"{root}.key.pem", "--valid-for", "30d", "--at", "2025-06-20", "--sequence", seq,
            "--out", tmp / "new.jws", source, check=0)
        (tmp / "new.jws").replace(trust)

    sign(10)
    with Server(tmp, "--poll", "0", "--root", f"{root}.pub.pem", trust=trust) as s:
        assert s.verify(signed())[2]["status"] == "valid"
        st = s.json("GET", "/v1/status")[2]["trust"]
        assert st["signed"] is True and st["seq"] == 10 and st["freshness"] == "fresh" and st["root"]
        # an older list (seq 9) that trusts nobody: refused, the list in force stays
        one_key_trust(tmp / "other.json", "VN-56")
        sign(9, tmp / "other.json")
        s.send(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and s.json("GET", "/v1/status")[2]["lastReload"] is None:
            time.sleep(0.05)
        last = s.json("GET", "/v1/status")[2]["lastReload"]
        assert last["ok"] is False and "9" in last["error"]
        assert s.verify(signed())[2]["status"] == "valid"
        # an unsigned list is refused as well
        trust.write_text(TRUST.read_text())
        s.send(signal.SIGHUP)
        time.sleep(0.5)
        assert s.verify(signed())[2]["status"] == "valid"
        assert s.json("GET", "/v1/status")[2]["trust"]["seq"] == 10
    # an unsigned list at start with --root: exit 2 naming the file
    p = run("serve", "--port", "0", "--root", f"{root}.pub.pem", "--trust", TRUST, "--at", AT)
    assert p.returncode == 2 and "DEMO-ONLY-trust.json" in p.stderr
