"""Count the instructions of reading a span write's JSON body (``annotator.api.json_object``).

Inside one request context of ``POST /api/v1/documents/ID/spans``, calls ``json_object()``
``--count`` times: the body is parsed once (Flask keeps it), so each further call is the
object check and the unknown-field check of :mod:`annotator.api.body_fields`. Run under
callgrind with a count and with 0; the difference over the count is one call's cost::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/json_object_check.py --count 20000
    valgrind ... benchmarks/json_object_check.py --count 0
"""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20000)
    args = parser.parse_args()

    from flask import request

    from annotator import create_app
    from annotator.api import json_object

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "benchmark", "TESTING": True})
    path = "/api/v1/documents/1/spans"
    body = {"label": "CLAIM", "start": 1, "end": 5, "attributes": {}}
    with app.test_request_context(path, method="POST", json=body):
        adapter = app.url_map.bind("localhost")
        request.url_rule = adapter.match(path, method="POST", return_rule=True)[0]
        json_object()  # the first: parses the body and builds the app's table
        for _ in range(args.count):
            json_object()


if __name__ == "__main__":
    main()
