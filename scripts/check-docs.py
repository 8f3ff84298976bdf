#!/usr/bin/env python3
"""Every public declaration of the library products has a doc comment (`///` or `/** */` above it,
attributes between allowed). Prints each undocumented one and exits 1 if any; prints the count of
public declarations per module. Run by `make test`."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = ["BHYTCOSE", "BHYTCard", "BHYTQR", "BHYTImage", "BHYTPrint", "BHYTVerifier"]
DECL = re.compile(r"^\s*(@[\w()]+\s+)*public\s+(?!extension\b)")
# Members a protocol requires or Swift synthesises meaning for: their meaning is the protocol's.
EXEMPT = re.compile(r"public (var description|var debugDescription|static func [<=]=?|func hash\(|init\(rawValue|let rawValue|var rawValue|init\(stringLiteral|init\(from decoder|func encode\(to|static func == )")

def main():
    missing, counts = [], {}
    for module in MODULES:
        n = 0
        for path in sorted((ROOT / "Sources" / module).rglob("*.swift")):
            lines = path.read_text().splitlines()
            for i, line in enumerate(lines):
                if not DECL.match(line):
                    continue
                n += 1
                if EXEMPT.search(line):
                    continue
                j = i - 1
                while j >= 0 and (lines[j].strip().startswith("@") or lines[j].strip().startswith("#if") or lines[j].strip().startswith("#endif")):
                    j -= 1
                above = lines[j].strip() if j >= 0 else ""
                if not (above.startswith("///") or above.endswith("*/")):
                    missing.append(f"{path.relative_to(ROOT)}:{i + 1}: {line.strip()[:100]}")
        counts[module] = n
    print("public declarations: " + ", ".join(f"{m} {n}" for m, n in counts.items()) + f"; total {sum(counts.values())}")
    for m in missing:
        print("undocumented: " + m)
    print(f"{len(missing)} undocumented")
    return 1 if missing else 0

if __name__ == "__main__":
    sys.exit(main())
