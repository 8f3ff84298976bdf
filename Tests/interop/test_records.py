"""Check-in records in SQLite (`--records sqlite:PATH`): what scan records, the hash chain
checked from outside (an edit made with Python's sqlite3 is named), export and import."""
import csv
import io
import json
import sqlite3

from conftest import SAMPLES, json_lines, run
from serve_helper import legacy, signed

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
AT = "2025-07-01T09:00:00+07:00"



def test_scan_records_every_check_in_and_the_chain_names_an_edit(tmp):
    db = tmp / "records.sqlite"
    lines = [signed(), legacy(), "xin chào", signed("d2021-open")]
    run("scan", "--trust", TRUST, "--at", AT, "--log", tmp / "log.jsonl", "--records", f"sqlite:{db}", "--desk", "quầy 1",
        input="\n".join(lines) + "\n", check=0)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, desk, status, code, entry FROM checkin ORDER BY id").fetchall()
    # Garbage is no check-in; the others are recorded in order, with the log's own lines.
    assert [r[0] for r in rows] == [1, 2, 3] and {r[1] for r in rows} == {"quầy 1"}
    log = (tmp / "log.jsonl").read_text(encoding="utf-8").splitlines()
    assert [r[4] for r in rows] == log
    assert [r[2] for r in rows] == [json.loads(line)["verdict"]["status"] for line in log]
    assert (db.stat().st_mode & 0o777) == 0o600
    ok = run("records", "verify", "--records", f"sqlite:{db}", "--json", check=0)
    assert json.loads(ok.stdout) == {"holds": True, "records": 3, "brokenAt": None, "reason": None}
    # Someone with the file turns the legacy card's verdict into "valid", entry and all.
    entry = json.loads(rows[1][4])
    entry["verdict"]["status"] = "valid"
    con.execute("UPDATE checkin SET status = 'valid', entry = ? WHERE id = 2", (json.dumps(entry, separators=(",", ":")),))
    con.commit()
    bad = run("records", "verify", "--records", f"sqlite:{db}", check=1)
    assert "Record 2" in bad.stdout and "edited" in bad.stdout
    vi = run("records", "verify", "--records", f"sqlite:{db}", "--lang", "vi", check=1)
    assert "Bản ghi 2" in vi.stdout
    # Put back as it was: the chain holds again; a deleted record is named by the next one.
    con.execute("UPDATE checkin SET status = ?, entry = ? WHERE id = 2", (rows[1][2], rows[1][4]))
    con.commit()
    run("records", "verify", "--records", f"sqlite:{db}", check=0)
    con.execute("DELETE FROM checkin WHERE id = 2")
    con.commit()
    gone = json.loads(run("records", "verify", "--records", f"sqlite:{db}", "--json", check=1).stdout)
    assert gone["holds"] is False and gone["brokenAt"] == 3 and "record 2 is missing" in gone["reason"]


def test_export_and_import_round_trip_the_logs(tmp):
    log = tmp / "log.jsonl"
    run("scan", "--trust", TRUST, "--at", AT, "--log", log, input="\n".join([signed(), legacy(), signed("d2021-open")]) + "\n", check=0)
    # A log saved by a Windows tool: a BOM and CR LF.
    windows = tmp / "windows.jsonl"
    windows.write_bytes(b"\xef\xbb\xbf" + log.read_bytes().replace(b"\n", b"\r\n"))
    db = f"sqlite:{tmp / 'imported.sqlite'}"
    done = run("records", "import", "--records", db, "--desk", "A", windows, check=0)
    assert "imported 3 check-ins" in done.stderr
    exported = run("records", "export", "--records", db, check=0).stdout
    assert exported.splitlines() == log.read_text(encoding="utf-8").splitlines()
    table = list(csv.DictReader(io.StringIO(run("records", "export", "--records", db, "--csv", check=0).stdout)))
    assert [r["desk"] for r in table] == ["A"] * 3 and [r["id"] for r in table] == ["1", "2", "3"]
    assert [r["status"] for r in table] == [json.loads(line)["verdict"]["status"] for line in log.read_text().splitlines()]
    assert table[1]["code"] == "DN4790123456789" and "LEGACY_UNSIGNED" in table[1]["reasons"]
    run("records", "verify", "--records", db, check=0)
    # A file with a line that is no entry is refused whole, with the line's number.
    mixed = tmp / "mixed.jsonl"
    mixed.write_text(log.read_text() + "not a log line\n")
    refused = run("records", "import", "--records", db, mixed, check=1)
    assert "mixed.jsonl:4" in refused.stderr
    assert len(run("records", "export", "--records", db, check=0).stdout.splitlines()) == 3


def test_records_location_is_checked(tmp):
    assert run("records", "verify", "--records", str(tmp / "x.sqlite"), check=2).returncode == 2
    (tmp / "text.sqlite").write_text("hello\n")
    bad = run("records", "verify", "--records", f"sqlite:{tmp / 'text.sqlite'}", check=2)
    assert "cannot open the check-in records" in bad.stderr


def test_serve_commits_each_check_in_before_answering_and_a_kill_loses_none(tmp):
    """`bhyt serve --records`: every answered single-card verification is a record, committed
    before the answer; after SIGKILL the records hold exactly what was answered, chain intact."""
    from serve_helper import Server, legacy as legacy_text, signed as signed_text
    import signal
    db = tmp / "records.sqlite"
    server = Server(tmp, "--records", f"sqlite:{db}", "--desk", "web-1")
    answered = []
    try:
        for i in range(30):
            text = signed_text() if i % 3 else legacy_text()
            status, _, body = server.request("POST", "/v1/verify", {"text": text})
            assert status == 200
            answered.append(json.loads(body)["status"])
    finally:
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
    con = sqlite3.connect(db)
    rows = con.execute("SELECT desk, status FROM checkin ORDER BY id").fetchall()
    # Each answered verification is a check-in (repeats of one card are recorded as repeats).
    assert len(rows) == len(answered) and [s for _, s in rows] == answered and {d for d, _ in rows} == {"web-1"}
    assert json.loads(run("records", "verify", "--records", f"sqlite:{db}", "--json", check=0).stdout)["records"] == 30
    # A new serve on the same records starts the day's counts from them.
    entries = [json.loads(e) for (e,) in con.execute("SELECT entry FROM checkin ORDER BY id")]
    first_visits = {}
    for e in entries:
        if not e["repeat"]:
            first_visits[e["verdict"]["status"]] = first_visits.get(e["verdict"]["status"], 0) + 1
    again = Server(tmp, "--records", f"sqlite:{db}")
    try:
        status, _, body = again.request("GET", "/v1/status")
        assert status == 200, body
        today = json.loads(body)["today"]
        assert {k: v for k, v in today.items() if k != "day" and v} == first_visits, (today, first_visits)
    finally:
        again.proc.send_signal(signal.SIGKILL)
        again.proc.wait()


def test_a_card_checked_in_at_another_desk_is_a_repeat_visit(tmp):
    """Two desks (two `scan` processes) on one records file: the second check-in of the same
    signed card names the first desk and time (REPEAT_VISIT), in the log and on the screen."""
    db = f"sqlite:{tmp / 'records.sqlite'}"
    card = signed()
    run("scan", "--trust", TRUST, "--at", "2025-07-01T09:00:00+07:00", "--log", tmp / "a.jsonl", "--records", db, "--desk", "Quầy 1",
        input=card + "\n", check=0)
    out = run("scan", "--trust", TRUST, "--at", "2025-07-01T09:20:00+07:00", "--log", tmp / "b.jsonl", "--records", db, "--desk", "Quầy 2",
              "--lang", "vi", input=card + "\n", check=0).stdout
    assert "tiếp đón" in out and "Quầy 1" in out, out
    entry = json.loads((tmp / "b.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    reasons = [(r["code"], r["severity"]) for r in entry["verdict"]["reasons"]]
    assert ("REPEAT_VISIT", "warning") in reasons and entry["verdict"]["status"] == "valid"
    detail = [r for r in entry["verdict"]["reasons"] if r["code"] == "REPEAT_VISIT"][0]["detail"]
    assert "Quầy 1" in detail and "09:00" in detail, detail
    # Five hours later: no longer a repeat visit; a legacy card (no authenticated code) never is.
    late = tmp / "c.jsonl"
    run("scan", "--trust", TRUST, "--at", "2025-07-01T14:30:00+07:00", "--log", late, "--records", db, "--desk", "Quầy 2",
        input=card + "\n" + legacy() + "\n", check=0)
    for line in late.read_text(encoding="utf-8").splitlines():
        assert "REPEAT_VISIT" not in line
    run("records", "verify", "--records", db, check=0)


def test_two_replicas_on_one_records_file_see_each_others_check_ins(tmp):
    from serve_helper import Server
    db = f"sqlite:{tmp / 'records.sqlite'}"
    one, two = Server(tmp, "--records", db, "--desk", "web-1"), Server(tmp, "--records", db, "--desk", "web-2")
    try:
        first = one.verify(signed())[2]
        assert first["status"] == "valid" and "REPEAT_VISIT" not in [r["code"] for r in first["reasons"]]
        again = two.verify(signed(), lang="en")[2]
        repeat = [r for r in again["reasons"] if r["code"] == "REPEAT_VISIT"]
        assert again["status"] == "valid" and repeat and repeat[0]["severity"] == "warning" and "web-1" in repeat[0]["detail"], again
    finally:
        one.stop()
        two.stop()
    assert json.loads(run("records", "verify", "--records", db, "--json", check=0).stdout)["records"] == 2


def test_the_day_report_counts_what_was_checked_in(tmp):
    """`records report` and `GET /v1/report` count the check-ins (not repeat scans) by status,
    reason code, desk and hour — equal to what the log says."""
    from serve_helper import Server
    db = f"sqlite:{tmp / 'records.sqlite'}"
    log = tmp / "log.jsonl"
    run("scan", "--trust", TRUST, "--at", "2025-07-01T09:15:00+07:00", "--log", log, "--records", db, "--desk", "A",
        input="\n".join([signed(), signed(), legacy(), signed("d2021-open")]) + "\n", check=0)
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    visits = [e for e in entries if not e["repeat"]]
    report = json.loads(run("records", "report", "--records", db, "--day", "2025-07-01", "--json", check=0).stdout)
    assert report["day"] == "2025-07-01" and report["total"] == len(visits) == 3
    statuses = {}
    for e in visits:
        statuses[e["verdict"]["status"]] = statuses.get(e["verdict"]["status"], 0) + 1
    assert report["byStatus"] == statuses and report["byDesk"] == {"A": 3} and report["byHour"] == {"09": 3}
    assert report["byCode"]["LEGACY_UNSIGNED"] == 1
    rows = list(csv.reader(io.StringIO(run("records", "report", "--records", db, "--day", "2025-07-01", "--csv", check=0).stdout)))
    assert rows[0] == ["kind", "key", "count"] and ["total", "", "3"] in rows and ["desk", "A", "3"] in rows
    assert "Báo cáo tiếp đón ngày 2025-07-01: 3 lượt" in run("records", "report", "--records", db, "--day", "2025-07-01", "--lang", "vi", check=0).stdout
    assert json.loads(run("records", "report", "--records", db, "--day", "2025-07-02", "--json", check=0).stdout)["total"] == 0
    server = Server(tmp, "--records", db)
    try:
        status, _, body = server.json("GET", "/v1/report?day=2025-07-01")
        assert status == 200 and body == report
        assert server.json("GET", "/v1/report?day=July")[0] == 400
    finally:
        server.stop()
    plain = Server(tmp, "--records", "none")
    try:
        status, _, body = plain.json("GET", "/v1/report")
        assert status == 404 and body["error"]["code"] == "NO_RECORDS"
    finally:
        plain.stop()


def test_staff_tokens_name_who_checked_in(tmp):
    """`bhyt users` keeps a salted hash of each person's own token (never the token); `serve
    --users` takes each token, refuses any other, and every check-in and report names the staff."""
    from serve_helper import Server
    users = tmp / "users.jsonl"
    a = run("users", "add", "--users", users, "--name", "Lê Văn An", "--staff-id", "NV001", check=0).stdout.strip()
    b = run("users", "add", "--users", users, "--name", "Trần Thị Bình", "--staff-id", "NV002", check=0).stdout.strip()
    assert len(a) >= 40 and a != b and a not in users.read_text() and (users.stat().st_mode & 0o777) == 0o600
    assert run("users", "add", "--users", users, "--name", "X", "--staff-id", "NV001", check=2).returncode == 2
    assert run("users", "list", "--users", users, check=0).stdout.splitlines() == ["NV001  Lê Văn An", "NV002  Trần Thị Bình"]
    db = f"sqlite:{tmp / 'records.sqlite'}"
    server = Server(tmp, "--users", users, "--records", db, "--desk", "Quầy 3")
    try:
        assert server.verify(signed())[0] == 401
        assert server.verify(signed(), headers={"Authorization": "Bearer not-a-token"})[0] == 401
        status, _, body = server.verify(signed(), headers={"Authorization": f"Bearer {a}"})
        assert status == 200 and body["status"] == "valid"
        assert server.verify(legacy(), headers={"Authorization": f"Bearer {b}"})[0] == 200
        s = server.json("GET", "/v1/status", headers={"Authorization": f"Bearer {b}"})[2]
        assert s["staff"] == {"name": "Trần Thị Bình", "staffId": "NV002"}
        report = server.json("GET", "/v1/report?day=2025-07-01", headers={"Authorization": f"Bearer {a}"})[2]
        assert report["byStaff"] == {"NV001": 1, "NV002": 1}
    finally:
        server.stop()
    entries = [json.loads(line) for line in run("records", "export", "--records", db, check=0).stdout.splitlines()]
    assert [e["staff"]["id"] for e in entries] == ["NV001", "NV002"]
    # Removed: that token no longer opens the service.
    run("users", "remove", "--users", users, "--staff-id", "NV001", check=0)
    server = Server(tmp, "--users", users)
    try:
        assert server.verify(signed(), headers={"Authorization": f"Bearer {a}"})[0] == 401
        assert server.verify(signed(), headers={"Authorization": f"Bearer {b}"})[0] == 200
    finally:
        server.stop()


def test_a_kill_under_load_loses_no_answered_check_in(tmp):
    """Eight clients at once (the service commits them in groups); SIGKILL mid-load: every
    answered check-in is in the records, none twice, and the chain holds."""
    from serve_helper import Server, kill_under_load
    db = tmp / "records.sqlite"
    server = Server(tmp, "--records", f"sqlite:{db}")
    answered, sent = kill_under_load(server, [signed(), signed("d2021-open"), legacy()])
    rows = sqlite3.connect(db).execute("SELECT COUNT(*) FROM checkin").fetchone()[0]
    assert answered >= 300 and answered <= rows <= sent, (answered, rows, sent)
    assert json.loads(run("records", "verify", "--records", f"sqlite:{db}", "--json", check=0).stdout)["records"] == rows


def test_records_keep_the_identity_match_but_never_the_id_number_or_its_address(tmp):
    db = tmp / "records.sqlite"
    holder = (SAMPLES / "cccd" / "hoang-thi-lua.txt").read_text(encoding="utf-8").strip()
    other = (SAMPLES / "cccd" / "another-person.txt").read_text(encoding="utf-8").strip()
    # The card, the holder's CCCD; the card again, someone else's CCCD (another address).
    lines = [signed(), holder, signed(), other]
    run("scan", "--trust", TRUST, "--at", AT, "--records", f"sqlite:{db}", "--desk", "quầy 1",
        input="\n".join(lines) + "\n")
    entries = [json.loads(r[0]) for r in sqlite3.connect(db).execute("SELECT entry FROM checkin ORDER BY id")]
    matches = [e["verdict"]["identity"]["match"] for e in entries if e["verdict"].get("identity")]
    assert matches == ["holder", "mismatch"]
    assert all(len(e["personalIdHMAC"]) == 64 for e in entries if e["verdict"].get("identity"))
    stored = b"".join(p.read_bytes() for p in tmp.iterdir() if p.name.startswith("records.sqlite"))
    for text in (holder, other):
        number, address = text.split("|")[0], text.split("|")[5]
        assert number.encode() not in stored
        assert address.encode() not in stored or address in entries[0]["verdict"]["card"]["address"]
    assert "Thị trấn Nà Phặc".encode() not in stored


def test_records_are_kept_by_default_in_the_state_directory_and_none_turns_them_off(tmp, state_directory):
    """One desk needs nothing configured: scan and serve keep records.sqlite in the state
    directory ($XDG_STATE_HOME/bhyt), and `records` finds them there; `--records none` keeps none."""
    from serve_helper import Server
    run("scan", "--trust", TRUST, "--at", AT, "--log", tmp / "log.jsonl", "--desk", "quầy 1", input=signed() + "\n", check=0)
    default = state_directory / "records.sqlite"
    assert default.exists() and (default.stat().st_mode & 0o777) == 0o600
    assert json.loads(run("records", "verify", "--json", check=0).stdout)["records"] == 1
    server = Server(tmp, "--desk", "web-1")
    try:
        assert server.verify(legacy())[0] == 200
        status, _, body = server.json("GET", "/v1/report?day=2025-07-01")
        assert status == 200 and body["total"] == 2 and body["byDesk"] == {"quầy 1": 1, "web-1": 1}, body
    finally:
        server.stop()
    default.unlink()
    run("scan", "--trust", TRUST, "--at", AT, "--log", tmp / "log.jsonl", "--records", "none", input=signed() + "\n", check=0)
    assert not default.exists()
    missing = run("records", "verify", "--records", "none", check=2)
    assert "--records" in missing.stderr
