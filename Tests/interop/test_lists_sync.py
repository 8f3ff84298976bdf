"""`bhyt lists sync` against a real HTTP server on loopback (Python's http.server): a newer
list replaces the old; not-modified costs nothing; another signer, a rollback, a download cut
short and a 404 all leave the last good list in place, with the reason."""
import functools
import http.server
import json
import os
import threading

import pytest

from conftest import SAMPLES, run

TRUST = SAMPLES / "DEMO-ONLY-trust.json"


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder (Last-Modified, If-Modified-Since → 304); `cut` files are sent cut short."""
    cut = set()
    conditional = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        name = self.path.rsplit("/", 1)[-1]
        self.conditional.append((name, self.headers.get("If-Modified-Since")))
        if name in self.cut:
            body = open(os.path.join(self.directory, name), "rb").read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture
def site(tmp):
    served = tmp / "site"
    (served / "lists").mkdir(parents=True)
    handler = functools.partial(Handler, directory=str(served))
    Handler.cut = set()
    Handler.conditional = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served / "lists", f"http://127.0.0.1:{httpd.server_address[1]}/lists"
    httpd.shutdown()


def publish(tmp, lists, key, seq, kind="trust", mtime_step=[0]):
    """Signs a list with `key` at `seq` into the served folder (a later mtime each time)."""
    out = lists / f"{kind}.jws"
    if kind == "trust":
        run("trust", "sign", "--key", key, "--valid-for", "30d", "--at", "2025-06-01", "--sequence", seq, "--out", out, TRUST, check=0)
    else:
        (tmp / "revoked.txt").write_text("0123456789\n")
        run("revocation", "sign", "--key", key, "--valid-for", "30d", "--at", "2025-06-01", "--sequence", seq, "--out", out, tmp / "revoked.txt", check=0)
    mtime_step[0] += 10
    t = 1_900_000_000 + mtime_step[0]
    os.utime(out, (t, t))
    return out.read_bytes()


def sync(url, local, root, check):
    p = run("lists", "sync", "--from", url, "--to", local, "--root", root, "--json", check=check)
    return {row["list"]: row for row in map(json.loads, p.stdout.splitlines())}, p


def test_lists_stay_fresh_and_the_last_good_one_is_kept(tmp, site):
    lists, url = site
    run("keygen", "--out", tmp / "agency", check=0)
    run("keygen", "--out", tmp / "other", check=0)
    agency, other, root = tmp / "agency.key.pem", tmp / "other.key.pem", tmp / "agency.pub.pem"
    local = tmp / "clinic"
    local.mkdir()
    first = publish(tmp, lists, agency, 100)
    publish(tmp, lists, agency, 100, "revocation")
    rows, _ = sync(url, local, root, 0)
    assert rows["trust"]["outcome"] == "updated" and rows["trust"]["seq"] == 100 and rows["revocation"]["outcome"] == "updated"
    assert (local / "trust.jws").read_bytes() == first
    # Nothing new: a conditional request (the server's Last-Modified sent back), answered 304.
    Handler.conditional.clear()
    rows, _ = sync(url, local, root, 0)
    assert all(since for _, since in Handler.conditional) and len(Handler.conditional) == 2, Handler.conditional
    assert rows["trust"] == {"list": "trust", "outcome": "unchanged", "seq": 100, "previousSeq": 100, "reason": None}
    # A newer list replaces the old one.
    newer = publish(tmp, lists, agency, 200)
    rows, _ = sync(url, local, root, 0)
    assert (rows["trust"]["outcome"], rows["trust"]["seq"], rows["trust"]["previousSeq"]) == ("updated", 200, 100)
    assert (local / "trust.jws").read_bytes() == newer
    # Signed by a key that is not the pinned root: refused, the good list kept.
    publish(tmp, lists, other, 300)
    rows, p = sync(url, local, root, 1)
    assert rows["trust"]["outcome"] == "refused" and rows["trust"]["reason"] == "ROOT_UNKNOWN" and rows["trust"]["seq"] == 200
    assert (local / "trust.jws").read_bytes() == newer
    # An older seq (a rollback): refused.
    publish(tmp, lists, agency, 150)
    rows, _ = sync(url, local, root, 1)
    assert rows["trust"]["reason"] == "LIST_ROLLBACK" and (local / "trust.jws").read_bytes() == newer
    # A download cut short: refused.
    publish(tmp, lists, agency, 400)
    Handler.cut = {"trust.jws"}
    rows, _ = sync(url, local, root, 1)
    assert rows["trust"]["reason"] == "DOWNLOAD_FAILED" and (local / "trust.jws").read_bytes() == newer
    Handler.cut = set()
    # The revocation list gone from the server (404): the local one stays.
    revoked = (local / "revocation.jws").read_bytes()
    (lists / "revocation.jws").unlink()
    rows, p = sync(url, local, root, 1)
    assert rows["trust"]["outcome"] == "updated" and rows["trust"]["seq"] == 400
    assert rows["revocation"]["reason"] == "HTTP_404" and (local / "revocation.jws").read_bytes() == revoked
    # In words, in Vietnamese: what was refused and what was kept.
    vi = run("lists", "sync", "--from", url, "--to", local, "--root", root, "--lang", "vi", check=1)
    assert "danh sách thu hồi: bị từ chối [HTTP_404]" in vi.stderr and "giữ danh sách seq 100" in vi.stderr
    # The lists synced are what serve and verify use.
    card = (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip()
    out = run("verify", "--json", "--trust", local / "trust.jws", "--revoked", local / "revocation.jws", "--root", root,
              "--at", "2025-06-02", "-", input=card + "\n", check=0)
    assert json.loads(out.stdout)["status"] == "valid"


def test_an_unreachable_server_is_a_refusal_with_what_to_check(tmp):
    """Nothing listens on the port: both lists refused (no retrying until a deadline), the
    words say what to check."""
    run("keygen", "--out", tmp / "k", check=0)
    (tmp / "clinic").mkdir()
    p = run("lists", "sync", "--from", "http://127.0.0.1:9/lists", "--to", tmp / "clinic", "--root", tmp / "k.pub.pem", "--lang", "vi", check=1)
    assert p.stderr.count("[DOWNLOAD_FAILED]") == 2 and "kiểm tra địa chỉ --from và kết nối mạng" in p.stderr
    assert not list((tmp / "clinic").iterdir())


def test_sync_needs_a_root_and_a_folder(tmp):
    assert "--root" in run("lists", "sync", "--from", "http://127.0.0.1:9/x", "--to", tmp, check=2).stderr
    (tmp / "root.pub.pem").write_text("x")
    run("keygen", "--out", tmp / "k", check=0)
    assert run("lists", "sync", "--from", "ftp://x", "--to", tmp, "--root", tmp / "k.pub.pem", check=2).returncode == 2
    assert run("lists", "sync", "--from", "http://127.0.0.1:9/x", "--to", tmp / "missing", "--root", tmp / "k.pub.pem", check=2).returncode == 2
