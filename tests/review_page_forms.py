"""The review page's accept forms as a browser would send them: each difference's forms
(by its section's id), with their fields and their button's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    """One accept form of a difference on the review page."""

    difference: str  # its section's id: "d-1", "d-2"...
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    button: str = ""


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[PageForm] = []
        self._section = ""
        self._form: PageForm | None = None
        self._in_button = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "section" and "difference" in found.get("class", "").split():
            self._section = found.get("id", "")
        elif tag == "form" and self._section and found.get("action", "").endswith("/accept"):
            self._form = PageForm(self._section, found["action"])
        elif tag == "input" and self._form is not None:
            self._form.fields[found.get("name", "")] = found.get("value", "")
        elif tag == "button" and self._form is not None:
            self._in_button = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "button":
            self._in_button = False
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "section":
            self._section = ""

    def handle_data(self, data: str) -> None:
        if self._in_button and self._form is not None:
            self._form.button += data


def accept_forms(html: str) -> list[PageForm]:
    """Return the review page's accept (and take instead) forms, in the page's order."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms
