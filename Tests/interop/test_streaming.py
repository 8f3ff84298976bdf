"""Streaming: one verdict per line, as soon as the line arrives; exact counts; bounded memory."""
import json
import os
import resource
import select
import subprocess
import time

from conftest import BHYT, ROOT, SAMPLES

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
AT = "2025-07-01T09:00:00+07:00"


def card(path):
    return (SAMPLES / path).read_text().strip()


def read_line(proc, timeout=5.0):
    """One line from the process's stdout, or fail after `timeout` seconds (stdin stays open)."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "no answer within %.0f s while stdin stays open" % timeout
    return proc.stdout.readline()


def read_block(proc, end_marker, timeout=5.0):
    lines = []
    while True:
        line = read_line(proc, timeout)
        assert line, "output ended early"
        lines.append(line)
        if end_marker(line):
            return "".join(lines)


def open_process(*args):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="")
    return subprocess.Popen([BHYT, *map(str, args)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, bufsize=1, env=env, cwd=ROOT)


def test_verify_json_answers_each_line_while_stdin_stays_open():
    cards = [card("signed/es256/d2021-k1.txt"), card("legacy/dn-2016.txt"), card("signed/eddsa/hs-2016.txt")]
    proc = open_process("verify", "--json", "--trust", TRUST, "--at", AT, "-")
    try:
        for i, text in enumerate(cards, 1):
            start = time.monotonic()
            proc.stdin.write(text + "\n")
            proc.stdin.flush()
            row = json.loads(read_line(proc))
            assert row["input"] == "stdin:%d" % i
            assert time.monotonic() - start < 5
    finally:
        proc.stdin.close()
        proc.wait(10)
    assert proc.returncode in (1, 3)


def test_verify_for_people_answers_each_card_while_stdin_stays_open():
    proc = open_process("verify", "--trust", TRUST, "--at", AT, "-")
    try:
        for i, (text, word) in enumerate([(card("signed/es256/d2021-k1.txt"), "✔ VALID"), (card("legacy/te-2016.txt"), "? UNVERIFIED"),
                                          ("hello", "⟳ UNREADABLE")], 1):
            proc.stdin.write(text + "\n")
            proc.stdin.flush()
            # this card's verdict line arrives (after the rest of the previous verdict), without more input
            read_block(proc, lambda l: l.startswith(word) and l.rstrip().endswith("stdin:%d" % i))
    finally:
        proc.stdin.close()
        proc.wait(10)


def test_inspect_answers_each_line_while_stdin_stays_open():
    proc = open_process("inspect", "--json", "-")
    try:
        for i, text in enumerate([card("legacy/hs-2016.txt"), card("signed/es256/dn-2016.txt"), "x|y"], 1):
            proc.stdin.write(text + "\n")
            proc.stdin.flush()
            assert json.loads(read_line(proc))["input"] == "stdin:%d" % i
    finally:
        proc.stdin.close()
        proc.wait(10)


def test_exactly_one_verdict_per_line_over_a_hundred_thousand_lines(tmp):
    kinds = [card("signed/es256/d2021-k1.txt"), card("signed/eddsa/dn-2016.txt"), card("legacy/hs-2016.txt"),
             "hello", "BHXH1:12", "a|b|c", "BHXH1:" + "9" * 17]
    # mostly cheap lines: the debug build checks a signature in ~0.2 ms
    lines = [kinds[(i // 101) % 3] if i % 101 == 0 else kinds[3 + (i * 7919) % 4] for i in range(100_000)]
    path = tmp / "mixed.txt"
    path.write_text("\n".join(lines) + "\n")
    for threads in (2, 3, 8, 2):
        proc = subprocess.run([BHYT, "verify", "--json", "--threads", str(threads), "--trust", TRUST, "--at", AT, path],
                              capture_output=True, text=True, timeout=600)
        rows = proc.stdout.splitlines()
        assert len(rows) == len(lines), threads
        # in input order, each line once
        assert [json.loads(r)["input"] for r in rows[:: 997]] == ["%s:%d" % (path, i + 1) for i in range(0, len(lines), 997)]
        assert "summary: cards 100000:" in proc.stderr


def test_a_hundred_megabyte_line_costs_no_hundred_megabytes(tmp):
    path = tmp / "huge.txt"
    with open(path, "wb") as f:
        block = b"1" * (1 << 20)
        for _ in range(100):
            f.write(block)
        f.write(b"\n" + card("legacy/hs-2016.txt").encode() + b"\n")
    proc = subprocess.run(["/usr/bin/time", "-f", "peak %M", BHYT, "verify", "--json", path], capture_output=True, text=True, timeout=120)
    rows = [json.loads(l) for l in proc.stdout.splitlines()]
    assert rows[0]["reasons"][0]["code"] == "INPUT_TOO_LARGE" and rows[1]["format"] == "legacy"
    assert "104857600 bytes" in rows[0]["reasons"][0]["detail"]
    peak_kb = int(proc.stderr.rsplit("peak ", 1)[1].split()[0])
    assert peak_kb < 60 * 1024, "peak RSS %d KiB for a 100 MB line" % peak_kb
