"""Files the CLI writes: private keys only into new regular files; trust lists updated in place."""
import json
import os
import stat
import subprocess
import threading

from conftest import SAMPLES, run


def test_keygen_writes_only_new_regular_files(tmp):
    # a FIFO at the key path: nothing is written into it (a reader would receive the PEM)
    os.mkfifo(tmp / "k.key.pem")
    got = []
    reader = threading.Thread(target=lambda: got.append(open(tmp / "k.key.pem", "rb").read()), daemon=True)
    reader.start()
    r = run("keygen", "--out", tmp / "k")
    assert r.returncode == 2 and "exists" in r.stderr
    assert not (tmp / "k.pub.pem").exists()
    # unblock the reader (opening for writing with nothing written); it must have got nothing
    with open(tmp / "k.key.pem", "wb"):
        pass
    reader.join(2)
    assert got == [b""]
    # a symbolic link to standard output (or anywhere)
    os.symlink("/dev/stdout", tmp / "s.key.pem")
    r = run("keygen", "--out", tmp / "s")
    assert r.returncode == 2 and "PRIVATE KEY" not in r.stdout and "PRIVATE KEY" not in r.stderr
    # an existing public key: no orphan private key is left behind
    (tmp / "p.pub.pem").write_text("not mine\n")
    r = run("keygen", "--out", tmp / "p")
    assert r.returncode == 2 and not (tmp / "p.key.pem").exists() and (tmp / "p.pub.pem").read_text() == "not mine\n"
    # the normal case: 0600, new files
    r = run("keygen", "--alg", "eddsa", "--out", tmp / "ok", check=0)
    assert stat.S_IMODE(os.stat(tmp / "ok.key.pem").st_mode) == 0o600
    assert len(r.stdout.strip()) == 11


def test_trust_add_updates_and_remove(tmp):
    trust = tmp / "trust.json"
    pub = SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.pub.pem"
    kid = run("trust", "add", "--trust", trust, "--iss", "VN-79", pub, check=0).stdout.strip()
    r = run("trust", "add", "--trust", trust, "--iss", "VN-79", "--not-after", "2024-12-31", pub, check=0)
    assert "updated" in r.stderr
    keys = json.loads(trust.read_text())["keys"]
    assert len(keys) == 1 and keys[0]["exp"] == 1735664399  # 2024-12-31T23:59:59+07:00, before the sample was signed
    # the same key for a second issuer is a second entry
    run("trust", "add", "--trust", trust, "--iss", "VN-56", pub, check=0)
    assert len(json.loads(trust.read_text())["keys"]) == 2
    listed = run("trust", "list", "--trust", trust, check=0).stdout
    assert listed.count(kid) == 2
    # a card signed after the bound: KEY_NOT_VALID under VN-79
    card = (SAMPLES / "signed" / "es256" / "d2021-k1.txt").read_text().strip()
    v = json.loads(run("verify", "--json", "--trust", trust, "--at", "2025-07-01", card).stdout)
    assert [x["code"] for x in v["reasons"]] == ["KEY_NOT_VALID"]
    run("trust", "remove", "--trust", trust, "--iss", "VN-56", kid, check=0)
    assert len(json.loads(trust.read_text())["keys"]) == 1
    assert run("trust", "remove", "--trust", trust, "AAAAAAAAAAA").returncode == 2
    # bad issuer spelling is a usage error
    assert run("trust", "add", "--trust", trust, "--iss", "VN 79", pub).returncode == 2


def test_trust_list_with_a_leaked_private_key_is_not_rewritten(tmp):
    trust = tmp / "trust.json"
    pub = SAMPLES / "keys" / "DEMO-ONLY-VN-56-eddsa.pub.pem"
    run("trust", "add", "--trust", trust, "--iss", "VN-56", pub, check=0)
    doc = json.loads(trust.read_text())
    doc["keys"][0]["d"] = "c2VjcmV0"
    trust.write_text(json.dumps(doc))
    r = run("trust", "list", "--trust", trust, check=0)
    assert "leaked" in r.stderr and r.stdout.strip() == ""
    r = run("trust", "add", "--trust", trust, "--iss", "VN-79", SAMPLES / "keys" / "DEMO-ONLY-VN-79-es256.pub.pem")
    assert r.returncode == 2 and "leaked" in r.stderr
