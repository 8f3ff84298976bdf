"""Starts `bhyt serve` on a free loopback port for a test and talks HTTP to it."""
import http.client
import json
import os
import signal as signals
import subprocess
import time
from pathlib import Path

from conftest import BHYT, ROOT, SAMPLES

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
AT = "2025-07-01T09:00:00+07:00"


def signed(name="d2021-k1", alg="es256"):
    return (SAMPLES / "signed" / alg / f"{name}.txt").read_text().strip()


def legacy(name="dn-2016"):
    return (SAMPLES / "legacy" / f"{name}.txt").read_text().rstrip("\r\n")


class Server:
    """`bhyt serve --port 0 …` (the port is read from its `listening` line on stderr)."""

    def __init__(self, tmp, *args, trust=TRUST, at=AT, host=None, expect_start=True):
        self.tmp = Path(tmp)
        self.err_path = self.tmp / f"serve-{time.monotonic_ns()}.err"
        self.err = open(self.err_path, "wb")
        cmd = [BHYT, "serve", "--port", "0", "--trust", str(trust)]
        if at:
            cmd += ["--at", at]
        if host:
            cmd += ["--host", host]
        cmd += [str(a) for a in args]
        env = dict(os.environ, LANG="C.UTF-8", LC_ALL="")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.err, cwd=ROOT, env=env)
        self.port = None
        if expect_start:
            self._wait_listening()

    def _wait_listening(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for line in self.stderr_lines():
                if line.get("event") == "listening":
                    # numbers are JSON numbers in the operator log, not strings
                    assert isinstance(line["port"], int), line
                    self.port = line["port"]
                    return
            if self.proc.poll() is not None:
                raise AssertionError(f"bhyt serve exited {self.proc.returncode}: {self.err_path.read_text()}")
            time.sleep(0.05)
        raise AssertionError("bhyt serve did not start: " + self.err_path.read_text())

    def stderr_text(self):
        return self.err_path.read_text(errors="replace")

    def stderr_lines(self):
        out = []
        for line in self.stderr_text().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def request(self, method, path, body=None, headers=None, timeout=60):
        """(status, headers dict (lowercase names), body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                headers = {"Content-Type": "application/json", **(headers or {})}
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def json(self, method, path, body=None, headers=None):
        status, h, data = self.request(method, path, body, headers)
        return status, h, json.loads(data) if data else None

    def verify(self, text, lang=None, headers=None):
        path = "/v1/verify" + (f"?lang={lang}" if lang else "")
        return self.json("POST", path, {"text": text}, headers)

    def send(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signals.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.err.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.err.close()


def kill_under_load(server, texts, clients=8, goal=300, seconds=20):
    """`clients` threads POST /v1/verify of `texts` in turn until `goal` answers came back (or
    `seconds` passed), then the server is killed (SIGKILL) mid-load. Returns (answered, sent):
    the answers that came back with 200, and the requests sent (answered or not)."""
    import threading
    answered, sent, stop, lock = [0], [0], threading.Event(), threading.Lock()

    def client(i):
        n = 0
        while not stop.is_set():
            with lock:
                sent[0] += 1
            try:
                status = server.request("POST", "/v1/verify", {"text": texts[(i + n) % len(texts)]}, timeout=5)[0]
            except OSError:
                return
            n += 1
            if status == 200:
                with lock:
                    answered[0] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + seconds
    while answered[0] < goal and time.monotonic() < deadline:
        time.sleep(0.01)
    server.proc.send_signal(signals.SIGKILL)
    server.proc.wait()
    stop.set()
    for t in threads:
        t.join()
    return answered[0], sent[0]
