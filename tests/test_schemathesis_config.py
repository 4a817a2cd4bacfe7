"""The schemathesis run's written exceptions cover every operation they are meant for.

An operation that takes both ``?layer=`` and ``?annotator=`` (two names for one layer) answers
400 to two different values: a rule a schema cannot state. tests/schemathesis.toml lists such
operations one by one; one left out fails the CI run only when the fuzzer happens to send two
different values (GET .../suggestions did, after many runs that did not).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from annotator.api.openapi import build_description

CONFIG = Path(__file__).with_name("schemathesis.toml")


def test_every_operation_taking_both_layer_names_may_answer_400(app) -> None:  # noqa: ANN001
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    with app.app_context():
        paths = build_description()["paths"]
    allowed = {
        entry["include-name"]
        for entry in config.get("operations", [])
        if "400"
        in entry.get("checks", {}).get("positive_data_acceptance", {}).get("expected-statuses", [])
    }
    both = set()
    for path, item in paths.items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            names = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
            if {"layer", "annotator"} <= names:
                both.add(f"{method.upper()} {path}")
    assert both, "no operation takes both names: the test looks for nothing"
    assert both <= allowed, sorted(both - allowed)
