"""The agreement page says what each measure is and whom to cite, as docs/agreement.md does.

A researcher reading the page found no word on what "unitizing α" or "F1 overlap" meant, nor
whom to cite for them; the docs had full references for two measures only. The page now has a
"Measures" section that each table links to, with the references in full, and every reference
it shows is in the docs' "How to cite" section word for word.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from tests.helpers import login

DOCS = Path(__file__).resolve().parent.parent / "docs" / "agreement.md"


def _page(client: Any, make_user: Any, make_project: Any) -> str:
    make_user("rita", "reviewer")
    make_project("linked")
    login(client, "rita")
    response = client.get("/projects/linked/agreement")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _docs_references() -> dict[str, str]:
    """Return the docs' "How to cite" list: key -> reference, Markdown emphasis dropped."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## How to cite\n", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"^- `\[([a-z0-9]+)\]` (.+)$", section, flags=re.MULTILINE)
    return {key: reference.replace("*", "") for key, reference in found}


def test_each_table_links_to_what_its_measures_mean(
    client: Any, make_user: Any, make_project: Any
) -> None:
    page = _page(client, make_user, make_project)
    assert '<h2 id="measures">' in page
    for heading, anchor in [
        ("<h2>Labels</h2>", "measure-alpha"),
        ("<h2>Spans</h2>", "measure-span-f1"),
        ("<h2>Relations</h2>", "measure-relation-f1"),
        ("<h2>Against gold</h2>", "measure-gold"),
    ]:
        section = page.split(heading, 1)[1].split("<h2", 1)[0]
        assert f'href="#{anchor}">What these mean</a>' in section, heading
        assert f'id="{anchor}"' in page, anchor
    measures = page.split('<h2 id="measures">', 1)[1]
    for said in ("unitizing", "F1 overlap", "Fleiss", "Cohen", "ends"):
        assert said in measures, said
    # How to read alpha, with the source of the thresholds.
    assert ".800" in measures and ".667" in measures


def test_every_reference_on_the_page_is_in_the_docs_word_for_word(
    client: Any, make_user: Any, make_project: Any
) -> None:
    page = _page(client, make_user, make_project)
    shown = {
        # Each reference after its key in brackets, as the page shows it.
        key: html.unescape(re.sub(r"<[^>]+>", "", text)).strip().removeprefix(f"[{key}]")
        for key, text in re.findall(
            r'<li id="ref-([a-z0-9]+)" data-ref="[a-z0-9]+">(.*?)</li>', page, flags=re.DOTALL
        )
    }
    cited = set(re.findall(r'href="#ref-([a-z0-9]+)"', page))
    assert {"cohen1960", "fleiss1971", "krippendorff2004", "krippendorff1995"} <= cited
    assert cited <= set(shown), "a measure cites a reference the page does not list"
    documented = _docs_references()
    for key, text in shown.items():
        assert key in documented, f"{key} is on the page but not in docs/agreement.md"
        assert " ".join(text.split()) == " ".join(documented[key].split()), key


def test_every_reference_a_measure_cites_is_in_the_docs_word_for_word() -> None:
    """The page shows α MASI (and Passonneau) only where sets are measured: check them all."""
    from annotator.core.agreement_references import MEASURES, REFERENCES, cited, shown

    documented = _docs_references()
    for key in cited(MEASURES):
        assert key in documented, key
        assert " ".join(REFERENCES[key].split()) == " ".join(documented[key].split()), key
    assert "measure-masi" in [m.anchor for m in shown(sets=True)]
    assert "measure-masi" not in [m.anchor for m in shown(sets=False)]
    assert "passonneau2006" not in cited(shown(sets=False))
