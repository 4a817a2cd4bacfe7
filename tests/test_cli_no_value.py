"""The command line shows a missing value as the pages do: NO_VALUE, the en dash, not "-"."""

from __future__ import annotations

from typing import Any

from annotator.core.wording import NO_VALUE


def test_a_token_without_a_name_is_listed_with_the_dash_of_the_pages(
    runner: Any, make_user: Any
) -> None:
    make_user("alice", "annotator")
    assert runner.invoke(args=["users", "token", "alice"]).exit_code == 0
    (line,) = runner.invoke(args=["users", "tokens", "alice"]).output.splitlines()
    assert line.split("\t")[1] == NO_VALUE


def test_undefined_agreement_figures_and_unassigned_documents_show_the_same_dash(
    runner: Any, make_user: Any, make_project: Any, make_document: Any
) -> None:
    make_document(make_project("news"), "Officials said the border was closed.", "d1")
    table = runner.invoke(args=["agreement", "news"])
    assert table.exit_code == 0, table.output
    figures = [line.split()[-1] for line in table.output.splitlines()[1:]]
    assert figures and NO_VALUE in figures and "-" not in figures
    listed = runner.invoke(args=["documents", "list", "news"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines()[0].split("\t")[3] == NO_VALUE
