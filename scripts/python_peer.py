#!/usr/bin/env python3
"""The benchmark's Python peer, run as a command like `bhyt verify --json`: reads card texts (one
a line) from a file, verifies each with the interop tests' independent verifier (cbor2 +
cryptography: decode, signature, key window, issuer, validity dates at --at) on N processes,
and writes one JSON line a card, in input order: {"status": "valid"|"invalid", "code": …}.

    python_peer.py --processes 2 --trust trust.json --at 1735693200 cards.txt > verdicts.jsonl
"""
import argparse
import json
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "interop"))
import bhxh_reference as ref  # noqa: E402

_trust = None
_at = None


def _start(trust_path, at):
    global _trust, _at
    _trust = ref.load_trust(trust_path)
    _at = at


def _verify(lines):
    out = []
    for line in lines:
        try:
            ref.verify(line.strip(), _trust, at=_at)
            out.append('{"status":"valid"}\n')
        except ref.Refused as e:
            out.append(json.dumps({"status": "invalid", "code": e.args[0] if e.args else "REFUSED"}) + "\n")
        except Exception as e:  # a malformed card the reference decoder trips on
            out.append(json.dumps({"status": "invalid", "code": type(e).__name__}) + "\n")
    return "".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("--trust", required=True)
    p.add_argument("--at", type=int, required=True, help="verification time, seconds since the epoch")
    p.add_argument("--chunk", type=int, default=256, help="lines handed to a process at a time")
    p.add_argument("file")
    a = p.parse_args()
    with open(a.file) as f:
        lines = f.read().splitlines()
    chunks = [lines[i:i + a.chunk] for i in range(0, len(lines), a.chunk)]
    write = sys.stdout.write
    if a.processes == 1:
        _start(a.trust, a.at)
        for c in chunks:
            write(_verify(c))
        return
    with multiprocessing.Pool(a.processes, initializer=_start, initargs=(a.trust, a.at)) as pool:
        for text in pool.imap(_verify, chunks):
            write(text)


if __name__ == "__main__":
    main()
