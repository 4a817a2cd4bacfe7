"""Build annotator/core/data/common_passwords.txt: passwords too common to accept.

Re-run from the repository root with:

    .venv/bin/pip download --no-deps -d /tmp/zxcvbn zxcvbn==4.5.0
    .venv/bin/python docs/common_passwords.py /tmp/zxcvbn/zxcvbn-4.5.0-py2.py3-none-any.whl

The source is the ``passwords`` frequency list shipped in zxcvbn 4.5.0 (MIT licence,
github.com/dwolfhub/zxcvbn-python): the 30,000 most common passwords of Mark Burnett's
"10 million passwords" corpus (xato.net, 2015), which he released into the public domain.
Passwords shorter than ten characters are refused by length alone (annotator.core.passwords),
so the file keeps:

1. every listed password of ten characters or more, and
2. the well-known ways people stretch a short common password to a length rule: each of the
   most common short ones followed by a digit run, a year or an exclamation mark, or doubled.

Everything is lower case; the check folds case. One password per line, most common first.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "annotator" / "core" / "data" / "common_passwords.txt"
MIN_LENGTH = 10  # annotator.core.passwords.MIN_LENGTH
# How many of the most common short passwords are stretched, and with what.
STRETCHED = 400
SUFFIXES = ("1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "2024", "2025", "2026")


def load_list(wheel: Path) -> list[str]:
    """Return zxcvbn's ``passwords`` list, read from its wheel without installing it."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("zxcvbn/frequency_lists.py").decode("utf-8")
    namespace: dict[str, object] = {}
    exec(compile(source, "frequency_lists.py", "exec"), namespace)  # our own download: data only
    lists = namespace["FREQUENCY_LISTS"]
    assert isinstance(lists, dict)
    return [str(p) for p in lists["passwords"]]


def build(passwords: list[str]) -> list[str]:
    """Return the file's lines: long listed passwords, then stretched short ones."""
    out: dict[str, None] = {}
    for password in passwords:
        if len(password) >= MIN_LENGTH:
            out[password.lower()] = None
    short = [p for p in passwords if 4 <= len(p) < MIN_LENGTH][:STRETCHED]
    for password in short:
        for stretched in [password + password, *(password + s for s in SUFFIXES)]:
            if len(stretched) >= MIN_LENGTH:
                out[stretched.lower()] = None
    return list(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="zxcvbn-4.5.0-py2.py3-none-any.whl")
    args = parser.parse_args()
    lines = build(load_list(args.wheel))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} passwords to {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
