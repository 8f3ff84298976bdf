"""Check-in records in a real PostgreSQL server (`--records postgres://…`): the hash chain
checked from outside (an edit made with psql is named), two desks and two replicas at once,
repeat visits across replicas, a SIGKILL under load, the spool while the server is down
(forwarded exactly once), export and import."""
import json
import shutil
import signal
import sqlite3
import threading
import time

from conftest import SAMPLES, run
from serve_helper import Server, kill_under_load, legacy, signed

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
AT = "2025-07-01T09:00:00+07:00"



def spooled(path):
    """What a spool holds: (desk, entry) in order; nothing when it was never made."""
    if not path.exists():
        return []
    return sqlite3.connect(path).execute("SELECT desk, entry FROM spooled ORDER BY seq").fetchall()


def rows(postgres, db, columns="id, desk, status"):
    out = postgres.psql(db, f"SELECT {columns} FROM checkin ORDER BY id")
    return [line.split("|") for line in out.splitlines() if line]


def test_scan_records_in_postgres_the_chain_names_an_edit_and_export_round_trips(tmp, postgres):
    db, url = postgres.database()
    lines = [signed(), legacy(), "xin chào", signed("d2021-open")]
    run("scan", "--trust", TRUST, "--at", AT, "--log", tmp / "log.jsonl", "--records", url, "--desk", "quầy 1",
        "--records-spool", tmp / "spool.sqlite", input="\n".join(lines) + "\n", check=0)
    log = (tmp / "log.jsonl").read_text(encoding="utf-8").splitlines()
    stored = rows(postgres, db, "id, desk, entry")
    assert [r[0] for r in stored] == ["1", "2", "3"] and {r[1] for r in stored} == {"quầy 1"}
    assert [r[2] for r in stored] == log
    assert json.loads(run("records", "verify", "--records", url, "--json", check=0).stdout)["records"] == 3
    # Export gives the log back; import into another database makes the same chain.
    exported = run("records", "export", "--records", url, check=0).stdout.splitlines()
    assert [json.loads(e) for e in exported] == [json.loads(e) for e in log]
    (tmp / "export.jsonl").write_text("\n".join(exported) + "\n", encoding="utf-8")
    db2, url2 = postgres.database()
    run("records", "import", "--records", url2, tmp / "export.jsonl", check=0)
    assert rows(postgres, db2, "entry") == rows(postgres, db, "entry")
    run("records", "verify", "--records", url2, check=0)
    # Someone with the database's password turns the (expired) legacy card into "valid".
    assert rows(postgres, db)[1][2] == "invalid"
    postgres.psql(db, "UPDATE checkin SET status = 'valid', entry = replace(entry, '\"invalid\"', '\"valid\"') WHERE id = 2")
    bad = run("records", "verify", "--records", url, check=1)
    assert "Record 2" in bad.stdout and "edited" in bad.stdout
    postgres.psql(db, "DELETE FROM checkin WHERE id = 2")
    gone = json.loads(run("records", "verify", "--records", url, "--json", check=1).stdout)
    assert gone["brokenAt"] == 3 and "record 2 is missing" in gone["reason"]


def test_two_replicas_and_two_desks_at_once_record_every_check_in_once(tmp, postgres):
    from serve_helper import Server, kill_under_load, legacy, signed
    db, url = postgres.database()
    one = Server(tmp, "--records", url, "--desk", "web-1", "--records-spool", tmp / "s1.sqlite")
    two = Server(tmp, "--records", url, "--desk", "web-2", "--records-spool", tmp / "s2.sqlite")
    answered, lock = [], threading.Lock()
    texts = [signed(), signed("d2021-open"), legacy()]

    def client(server, i):
        for n in range(40):
            status, _, body = server.request("POST", "/v1/verify", {"text": texts[(i + n) % 3]})
            assert status == 200, body
            with lock:
                answered.append(server)

    try:
        # A card checked in at one replica is a repeat visit at the other.
        first = one.verify(signed())[2]
        assert first["status"] == "valid" and "REPEAT_VISIT" not in [r["code"] for r in first["reasons"]]
        again = two.verify(signed(), lang="en")[2]
        repeat = [r for r in again["reasons"] if r["code"] == "REPEAT_VISIT"]
        assert repeat and "web-1" in repeat[0]["detail"], again
        threads = [threading.Thread(target=client, args=(s, i)) for i, s in enumerate([one, two, one, two])]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        one.stop()
        two.stop()
    stored = rows(postgres, db)
    assert len(stored) == 2 + len(answered) == 2 + 160
    assert [int(r[0]) for r in stored] == list(range(1, 163))
    assert {r[1] for r in stored} == {"web-1", "web-2"}
    assert json.loads(run("records", "verify", "--records", url, "--json", check=0).stdout)["records"] == 162
    assert not spooled(tmp / "s1.sqlite") and not spooled(tmp / "s2.sqlite")


def test_a_kill_under_load_the_report_counts_what_was_answered(tmp, postgres):
    from serve_helper import Server, kill_under_load, legacy, signed
    db, url = postgres.database()
    server = Server(tmp, "--records", url, "--records-spool", tmp / "spool.sqlite")
    answered, sent = kill_under_load(server, [signed(), signed("d2021-open"), legacy()])
    count = int(postgres.psql(db, "SELECT COUNT(*) FROM checkin").strip())
    assert answered >= 300 and answered <= count <= sent, (answered, count, sent)
    assert not spooled(tmp / "spool.sqlite")
    firsts = int(postgres.psql(db, "SELECT COUNT(*) FROM checkin WHERE NOT repeat_scan").strip())
    report = json.loads(run("records", "report", "--records", url, "--day", "2025-07-01", "--json", check=0).stdout)
    assert report["total"] == firsts == sum(report["byStatus"].values())
    assert json.loads(run("records", "verify", "--records", url, "--json", check=0).stdout)["records"] == count


def test_while_the_server_is_down_check_ins_are_spooled_and_forwarded_exactly_once(tmp, postgres):
    from serve_helper import Server, kill_under_load, legacy, signed
    db, url = postgres.database()
    spool = tmp / "spool.sqlite"
    server = Server(tmp, "--records", url, "--desk", "web-1", "--records-spool", spool)
    try:
        answers = [server.verify(signed())[2]["status"]]
        postgres.stop()
        try:
            for text in [legacy(), signed("d2021-open"), legacy()]:
                status, _, body = server.request("POST", "/v1/verify", {"text": text})
                assert status == 200, body
                answers.append(json.loads(body)["status"])
            kept = spooled(spool)
            assert len(kept) == 3 and {d for d, _ in kept} == {"web-1"}
            assert [json.loads(e)["verdict"]["status"] for _, e in kept] == answers[1:]
            shutil.copy(spool, tmp / "spool-copy.sqlite")
        finally:
            postgres.start()
        # The spool is forwarded within seconds, with no new check-in needed.
        deadline = time.monotonic() + 20
        while spooled(spool) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not spooled(spool)
    finally:
        server.stop()
    stored = rows(postgres, db)
    assert [r[2] for r in stored] == answers == ["valid", "invalid", "valid", "invalid"], stored
    # A crash after forwarding but before the spool was cleared: the same spool again adds nothing.
    shutil.copy(tmp / "spool-copy.sqlite", spool)
    assert len(spooled(spool)) == 3
    run("scan", "--trust", TRUST, "--at", AT, "--log", tmp / "log.jsonl", "--records", url, "--records-spool", spool, input="", check=0)
    assert not spooled(spool)
    assert rows(postgres, db) == stored
    assert json.loads(run("records", "verify", "--records", url, "--json", check=0).stdout)["records"] == 4


def test_a_wrong_postgres_url_says_what_to_check(tmp, postgres):
    bad = run("records", "verify", "--records", f"postgres://bhyt@127.0.0.1:1/x", check=2)
    assert "cannot reach" in bad.stderr and "PostgreSQL" in bad.stderr
    assert "no-such-password" not in run("records", "verify", "--records", "postgres://bhyt:no-such-password@127.0.0.1:1/x", check=2).stderr
    usage = run("records", "verify", "--records", "postgres://127.0.0.1/x", check=2)
    assert "user" in usage.stderr


def test_health_says_records_are_spooled_while_the_server_is_down(tmp, postgres):
    from serve_helper import Server, kill_under_load, legacy, signed
    db, url = postgres.database()
    server = Server(tmp, "--records", url, "--records-spool", tmp / "spool.sqlite")
    try:
        assert json.loads(server.request("GET", "/healthz")[2])["status"] == "ok"
        postgres.stop()
        try:
            assert server.request("POST", "/v1/verify", {"text": legacy()})[0] == 200
            status, _, body = server.request("GET", "/healthz")
            assert status == 200 and json.loads(body)["reasons"] == ["RECORDS_SPOOLED"], body
        finally:
            postgres.start()
        deadline = time.monotonic() + 20
        while json.loads(server.request("GET", "/healthz")[2])["status"] != "ok" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert json.loads(server.request("GET", "/healthz")[2])["status"] == "ok"
    finally:
        server.stop()
    assert len(rows(postgres, db)) == 1


def cluster_pids(postgres):
    """The PostgreSQL server's processes: the postmaster and its children."""
    import os
    master = int((postgres.dir / "data" / "postmaster.pid").read_text().split()[0])
    pids = [master]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry))
    return pids


def test_a_server_that_stops_answering_does_not_hold_a_check_in(tmp, postgres):
    """PostgreSQL frozen (SIGSTOP: a host gone mid-connection): a check-in is answered within
    seconds and spooled, and forwarded once the server answers again."""
    import os
    db, url = postgres.database()
    spool = tmp / "spool.sqlite"
    server = Server(tmp, "--records", url, "--records-spool", spool)
    pids = []
    try:
        assert server.verify(signed())[0] == 200
        pids = cluster_pids(postgres)
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        status, _, body = server.request("POST", "/v1/verify", {"text": legacy()}, timeout=30)
        assert status == 200, body
        assert time.monotonic() - started < 12
        assert len(spooled(spool)) == 1
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    try:
        deadline = time.monotonic() + 30
        while spooled(spool) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not spooled(spool)
    finally:
        server.stop()
    assert [r[2] for r in rows(postgres, db)] == ["valid", "invalid"]


def test_a_desk_restarted_while_the_server_is_down_still_starts(tmp, postgres):
    """The site secret is kept in the spool: serve starts (and spools) while PostgreSQL is down,
    with the same personal-ID hashes as before."""
    db, url = postgres.database()
    spool = tmp / "spool.sqlite"
    server = Server(tmp, "--records", url, "--records-spool", spool)
    server.stop()
    postgres.stop()
    try:
        again = Server(tmp, "--records", url, "--records-spool", spool)
        try:
            assert again.request("POST", "/v1/verify", {"text": signed()})[0] == 200
            assert len(spooled(spool)) == 1
        finally:
            again.stop()
    finally:
        postgres.start()
    run("scan", "--trust", TRUST, "--at", AT, "--log", tmp / "log.jsonl", "--records", url, "--records-spool", spool, input="", check=0)
    assert len(rows(postgres, db)) == 1 and not spooled(spool)


def test_a_check_in_that_could_not_be_written_is_a_check_in_when_resent(tmp, postgres, monkeypatch):
    """No spool (no state directory): PostgreSQL down, the check-in is refused (503); resent once
    the server is back, it is a check-in — counted, not a repeat of one never kept."""
    monkeypatch.setenv("XDG_STATE_HOME", "not-absolute")
    monkeypatch.delenv("HOME", raising=False)
    db, url = postgres.database()
    server = Server(tmp, "--records", url)
    try:
        postgres.stop()
        try:
            status, _, body = server.request("POST", "/v1/verify", {"text": signed()})
            assert status == 503 and json.loads(body)["error"]["code"] == "CHECKIN_LOG_FAILED"
        finally:
            postgres.start()
        status, headers, body = server.request("POST", "/v1/verify", {"text": signed()})
        assert status == 200 and "bhyt-repeat-of" not in {k.lower() for k in headers}, headers
        report = json.loads(server.request("GET", "/v1/report?day=2025-07-01")[2])
        assert report["total"] == 1
    finally:
        server.stop()
    assert rows(postgres, db, "repeat_scan") == [["f"]]


def test_the_records_commands_do_not_make_up_an_empty_chain(tmp, state_directory):
    missing = run("records", "verify", check=2)
    assert "no check-in records at" in missing.stderr and "--records" in missing.stderr
    assert not (state_directory / "records.sqlite").exists()
    leak = run("records", "verify", "--records", "postgresql:/bhyt:S3cret@db/x", check=2)
    assert "S3cret" not in leak.stderr + leak.stdout and "not a PostgreSQL URL" in leak.stderr
    options = run("records", "verify", "--records", "postgres://bhyt:S3cret@127.0.0.1:1/x?sslmode=require", check=2)
    assert "S3cret" not in options.stderr and "takes no options" in options.stderr
