"""The conformance kit (conformance/, docs/CONFORMANCE.md): reproducible, complete, passed by
`bhyt verify` and by the Python verifier written from the documents, failed by a verifier that
says valid to everything; `bhyt conformance run` over a command and over the service."""
import json
import re
import shlex
import subprocess
import sys

import pytest

from conftest import BHYT, ROOT, run
from serve_helper import Server

KIT = ROOT / "conformance"
VERIFY = f"{shlex.quote(BHYT)} verify --json --trust {{trust}} --revoked {{revoked}} --at {{at}} {{input}}"
VERIFY_ALL = f"{shlex.quote(BHYT)} verify --json --trust {{trust}} --revoked {{revoked}} --at {{at}} --id {{cccd}} --facility {{facility}} {{input}}"
PYTHON = (f"{shlex.quote(sys.executable)} {shlex.quote(str(ROOT / 'Tests/interop/bhxh_verifier.py'))} "
          "--trust {trust} --revoked {revoked} --at {at} --id {cccd} --facility {facility} {input}")


def vectors():
    return json.loads((KIT / "vectors.json").read_text())


def conformance(*args):
    return run("conformance", "run", "--kit", KIT, *args)


def summary(out):
    m = re.search(r"^(\d+) passed, (\d+) failed$", out, re.M)
    assert m, out
    return int(m[1]), int(m[2])


def test_the_kit_regenerates_byte_for_byte():
    proc = subprocess.run([sys.executable, ROOT / "scripts/conformance_kit.py", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "up to date" in proc.stdout


def test_the_kit_covers_every_reason_code_of_verifying_md():
    table = (ROOT / "docs/VERIFYING.md").read_text().split("## Reason codes", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", table, re.M))
    assert len(documented) >= 30, documented
    covered = {c for v in vectors() for c in v["expect"]["codes"]}
    # Pictures have their own tests; a repeat visit is a finding of the desk's records, not of one verification.
    left_to_other_tests = {"IMAGE_NO_QR", "IMAGE_TOO_COMPLEX", "REPEAT_VISIT"}
    assert documented - covered == left_to_other_tests
    assert covered <= documented


def test_the_kit_has_what_the_issue_asks():
    vs = vectors()
    assert len(vs) >= 40 and len({v["id"] for v in vs}) == len(vs)
    statuses = {v["expect"]["status"] for v in vs}
    assert statuses == {"valid", "invalid", "unverified", "unreadable"}
    assert any(v["revoked"] is None for v in vs) and any(v["trust"].endswith(".jws") for v in vs)
    assert any("citizenId" in v for v in vs) and any("facility" in v for v in vs)
    for v in vs:
        assert (KIT / v["trust"]).is_file() and (v["revoked"] is None or (KIT / v["revoked"]).is_file()), v["id"]
    keys = sorted(p.name for p in (KIT / "keys").iterdir())
    assert keys and all(k.startswith("TEST-ONLY-") for k in keys)
    # Both algorithms sign valid cards (the kid's key type in the trust list says which).
    trust = json.loads((KIT / "trust/plain.json").read_text())["keys"]
    assert {k["alg"] for k in trust} == {"ES256", "EdDSA"}


def test_bhyt_verify_passes_the_kit_with_the_issues_template():
    proc = conformance("--cmd", VERIFY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    passed, failed = summary(proc.stdout)
    assert failed == 0 and passed >= 40
    # The identity and facility vectors need words this template lacks: they are said to be skipped.
    skipped = sum(int(n) for n in re.findall(r"^(\d+) skipped", proc.stdout, re.M))
    assert passed + skipped == len(vectors())
    assert skipped == sum(1 for v in vectors() if "citizenId" in v or "facility" in v)


def test_bhyt_verify_passes_every_vector():
    proc = conformance("--cmd", VERIFY_ALL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert summary(proc.stdout) == (len(vectors()), 0)
    assert "skipped" not in proc.stdout


def test_the_python_verifier_written_from_the_documents_passes():
    proc = conformance("--cmd", PYTHON)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert summary(proc.stdout) == (len(vectors()), 0)


def test_a_verifier_that_says_valid_to_everything_fails():
    always = f"{shlex.quote(sys.executable)} -c 'print(\"{{\\\"status\\\": \\\"valid\\\", \\\"reasons\\\": []}}\")' {{input}} {{cccd}} {{facility}}"
    proc = conformance("--cmd", always)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    passed, failed = summary(proc.stdout)
    expected_valid_without_codes = sum(1 for v in vectors() if v["expect"] == {"status": "valid", "codes": []})
    assert passed == expected_valid_without_codes and failed == len(vectors()) - passed
    assert "FAIL signature-flipped-bit: status valid instead of invalid; missing SIGNATURE_INVALID" in proc.stdout


def test_a_verifier_that_drops_one_code_fails_that_vector(tmp):
    # bhyt itself, with the REVOKED reason taken out of its answer: only the revocation vectors fail.
    filt = tmp / "drop.py"
    filt.write_text("import json,subprocess,sys\n"
                    "out = json.loads(subprocess.run(sys.argv[1:], capture_output=True, text=True).stdout.splitlines()[0])\n"
                    "out['reasons'] = [r for r in out['reasons'] if r['code'] != 'REVOKED']\n"
                    "print(json.dumps(out))\n")
    proc = conformance("--cmd", f"{shlex.quote(sys.executable)} {filt} " + VERIFY_ALL)
    assert proc.returncode == 1
    failing = set(re.findall(r"^FAIL ([a-z0-9-]+):", proc.stdout, re.M))
    assert failing == {v["id"] for v in vectors() if "REVOKED" in v["expect"]["codes"]}


def test_no_answer_in_time_and_no_json_are_failures_that_say_why(tmp):
    kit = tmp / "kit"
    kit.mkdir()
    (kit / "trust.json").write_text('{"keys": []}')
    (kit / "vectors.json").write_text(json.dumps([
        {"id": "one", "description": "", "input": "BHXH1:0", "trust": "trust.json", "revoked": None, "at": "2025-01-01T00:00:00Z",
         "expect": {"status": "invalid", "codes": []}}]))
    slow = run("conformance", "run", "--kit", kit, "--timeout", "1", "--cmd", "sh -c 'sleep 30' {input}")
    assert slow.returncode == 1 and "FAIL one: expected invalid []; no answer within 1.0 s" in slow.stdout
    silent = run("conformance", "run", "--kit", kit, "--cmd", "sh -c 'echo broken >&2; exit 3' {input}")
    assert silent.returncode == 1 and "no JSON verdict on standard output (exit status 3: broken)" in silent.stdout
    missing = run("conformance", "run", "--kit", kit, "--cmd", "/nonexistent/verifier {input}")
    assert missing.returncode == 1 and "could not start the command" in missing.stdout
    # The input reaches the program as one argument and on its standard input.
    echo = run("conformance", "run", "--kit", kit, "--verbose", "--cmd",
               f"{shlex.quote(sys.executable)} -c 'import sys,json; t=sys.stdin.read(); "
               f"print(json.dumps({{\"status\": \"invalid\" if t == sys.argv[1] + chr(10) else \"valid\", \"reasons\": []}}))' {{input}}")
    assert echo.returncode == 0 and "ok   one" in echo.stdout, echo.stdout


@pytest.mark.parametrize("args, says", [
    (["--cmd", "verify 'unclosed {input}"], "unclosed quote"),
    ([], "give --cmd TEMPLATE or --url URL"),
])
def test_usage_errors(args, says):
    proc = run("conformance", "run", "--kit", KIT, *args)
    assert proc.returncode == 2 and says in proc.stderr


def test_an_unreadable_kit_is_exit_2(tmp):
    proc = run("conformance", "run", "--kit", tmp, "--cmd", "true {input}")
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "vectors.json" in proc.stderr


def test_the_service_passes_its_profile_over_http(tmp):
    profile = json.loads((KIT / "service.json").read_text())
    args = ["--revoked", KIT / profile["revoked"], "--records", "none"]
    with Server(tmp, *args, trust=KIT / profile["trust"], at=profile["at"]) as server:
        proc = conformance("--url", f"http://127.0.0.1:{server.port}/v1/verify")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    passed, failed = summary(proc.stdout)
    covered = [v for v in vectors() if (v["trust"], v["revoked"], v["at"]) == (profile["trust"], profile["revoked"], profile["at"])
               and "facility" not in v]
    assert failed == 0 and passed == len(covered) >= 40
    assert any("citizenId" in v for v in covered)
