"""How every service says which ids name no document of a project."""

from __future__ import annotations

from annotator.core.errors import no_documents


def test_the_ids_are_quoted_in_the_order_given() -> None:
    """The caller decides the order (the agreement report sorts, the others keep theirs)."""
    assert no_documents(["b", "a"], "news") == "no document 'b', 'a' in project 'news'"


def test_a_long_list_names_the_first_ids_and_counts_the_rest() -> None:
    """The export names 20 of thousands of ids; exactly ``shown`` ids get no count."""
    ids = [f"d{n}" for n in range(25)]
    said = no_documents(ids, "p", shown=20)
    assert said.startswith("no document 'd0', 'd1', ") and "'d19' and 5 more in project 'p'" in said
    assert "'d20'" not in said
    assert no_documents(ids[:20], "p", shown=20).endswith("'d19' in project 'p'")
