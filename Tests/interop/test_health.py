"""`/healthz` tells the truth: `degraded` with its reasons when a reload failed or a signed list
is stale (200: the replica still answers rightly), and 503 when the signed trust list is past
its exp + the tolerated staleness (no signed card can be valid: take the replica out)."""
import json
import signal
import time

from conftest import SAMPLES, run
from serve_helper import Server

TRUST = SAMPLES / "DEMO-ONLY-trust.json"


def signed_trust(tmp):
    """The sample trust list signed on 1 June 2025, current for 7 days, and its root key."""
    run("keygen", "--out", tmp / "root", check=0)
    run("trust", "sign", "--key", tmp / "root.key.pem", "--valid-for", "7d", "--at", "2025-06-01",
        "--out", tmp / "trust.jws", TRUST, check=0)
    return tmp / "trust.jws", tmp / "root.pub.pem"


def test_a_failed_reload_is_degraded_but_in_service(tmp):
    trust = tmp / "trust.json"
    trust.write_bytes(TRUST.read_bytes())
    server = Server(tmp, "--poll", "0", trust=trust)
    try:
        assert server.json("GET", "/healthz")[::2] == (200, {"status": "ok", "keys": 2, "reasons": []})
        trust.write_text("{not json")
        server.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            status, _, body = server.json("GET", "/healthz")
            if body["status"] != "ok":
                break
            time.sleep(0.1)
        assert (status, body) == (200, {"status": "degraded", "keys": 2, "reasons": ["LISTS_RELOAD_FAILED"]})
        # The old lists are still in force: a card is still verified.
        assert server.verify((SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip())[2]["status"] == "valid"
        # Fixed, and reloaded: ok again.
        trust.write_bytes(TRUST.read_bytes())
        server.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.json("GET", "/healthz")[2]["status"] != "ok":
            time.sleep(0.1)
        assert server.json("GET", "/healthz")[::2] == (200, {"status": "ok", "keys": 2, "reasons": []})
    finally:
        server.stop()


def test_a_stale_list_is_degraded_and_an_expired_one_out_of_service(tmp):
    jws, root = signed_trust(tmp)
    # 10 June: past exp (8 June), within the default 30 days' staleness.
    stale = Server(tmp, "--root", root, "--poll", "0", trust=jws, at="2025-06-10T09:00:00+07:00")
    try:
        assert stale.json("GET", "/healthz")[::2] == (200, {"status": "degraded", "keys": 2, "reasons": ["TRUST_LIST_STALE"]})
    finally:
        stale.stop()
    # 1 August: past exp + 30 days.
    expired = Server(tmp, "--root", root, "--poll", "0", trust=jws, at="2025-08-01T09:00:00+07:00")
    try:
        assert expired.json("GET", "/healthz")[::2] == (503, {"status": "degraded", "keys": 2, "reasons": ["TRUST_LIST_EXPIRED"]})
        # /healthz needs no token and is still answered; the verdicts say why.
        verdict = expired.verify((SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip())[2]
        assert "TRUST_LIST_EXPIRED" in [r["code"] for r in verdict["reasons"]]
    finally:
        expired.stop()


def test_a_stale_or_expired_revocation_list_is_degraded_but_in_service(tmp):
    """A signed revocation list past its exp: stale within the tolerated staleness, expired past
    it — both 200 (verdicts stay right for every card not revoked since), with the reason."""
    jws, root = signed_trust(tmp)
    revoked = tmp / "revoked.txt"
    revoked.write_text("0000000001\n")
    run("revocation", "sign", "--key", tmp / "root.key.pem", "--valid-for", "7d", "--at", "2025-06-01",
        "--out", tmp / "revoked.jws", revoked, check=0)
    for at, reasons in [("2025-06-05T09:00:00+07:00", []),
                        ("2025-06-10T09:00:00+07:00", ["TRUST_LIST_STALE", "REVOCATION_LIST_STALE"]),
                        ("2025-08-01T09:00:00+07:00", ["TRUST_LIST_EXPIRED", "REVOCATION_LIST_EXPIRED"])]:
        server = Server(tmp, "--root", root, "--revoked", tmp / "revoked.jws", "--poll", "0", trust=jws, at=at)
        try:
            status, _, body = server.json("GET", "/healthz")
            assert body["reasons"] == reasons and body["status"] == ("ok" if not reasons else "degraded"), (at, body)
            assert status == (503 if "TRUST_LIST_EXPIRED" in reasons else 200)
        finally:
            server.stop()
    # The revocation list alone past exp + staleness: still 200 (REVOCATION_LIST_EXPIRED alone).
    run("trust", "sign", "--key", tmp / "root.key.pem", "--valid-for", "120d", "--at", "2025-06-01",
        "--out", tmp / "trust-long.jws", TRUST, check=0)
    server = Server(tmp, "--root", root, "--revoked", tmp / "revoked.jws", "--poll", "0", trust=tmp / "trust-long.jws",
                    at="2025-08-01T09:00:00+07:00")
    try:
        assert server.json("GET", "/healthz")[::2] == (200, {"status": "degraded", "keys": 2, "reasons": ["REVOCATION_LIST_EXPIRED"]})
    finally:
        server.stop()
