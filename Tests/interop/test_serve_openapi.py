"""docs/openapi.yaml against the running service: schemathesis (no 5xx, responses match the
schema, wrong methods and bad requests refused as documented), and the schema copies in it."""
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from serve_helper import Server

VENV_BIN = Path(sys.executable).parent


def test_openapi_copies_the_json_schemas():
    proc = subprocess.run([sys.executable, ROOT / "scripts" / "openapi_schemas.py", "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_schemathesis_finds_nothing(tmp):
    with Server(tmp, "--log", tmp / "log.jsonl", "--records", f"sqlite:{tmp / 'records.sqlite'}") as s:
        proc = subprocess.run(
            [VENV_BIN / "schemathesis", "run", ROOT / "docs" / "openapi.yaml", "--url", f"http://127.0.0.1:{s.port}",
             "--checks", "all", "--max-examples", "40", "--seed", "7", "--generation-database", "none",
             "--request-timeout", "20"],
            capture_output=True, text=True, timeout=170, cwd=tmp)
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
        assert s.proc.poll() is None
        assert "HTTP/1.1\" 5" not in s.stderr_text()
        assert not any(l.get("event") == "request" and l["status"] >= 500 for l in s.stderr_lines())
