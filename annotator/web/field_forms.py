"""The form of a label field's or span attribute's settings on the labels page: its name
(a new one renames it in every layer), its description, whether it takes several values, a
label field's target (and the document meta key each document's own target comes from),
order and whether it is required, and a sentence field's key per value (its values change on
the values page)."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, Field, FieldList, StringField, SubmitField
from wtforms.validators import Optional, ValidationError

from annotator.services.schema.field_settings import SETTINGS
from annotator.web.forms import stripped
from annotator.web.label_forms import EntryForm, description_field, required_field


class FieldSettingsForm(EntryForm):
    """Every setting a field may have; :func:`settings_form` keeps those of its kind."""

    name = StringField(
        "Name",
        description="A new name renames it in every annotation, gold and suggestions included",
        filters=[stripped],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    description = description_field()
    multiple = BooleanField("Several values at once", description="A list of values, not one")
    target = StringField(
        "Target",
        description="What a stance is toward, shown to annotators beside the field; empty: none",
        filters=[stripped],
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )
    target_from = StringField(
        # Not "Target ...": the Target field's label would then name two fields.
        "Document meta key",
        description="The key of the documents' meta (from import) holding each document's "
        "own target, as 'topic'; the Target above is then for a document without it; "
        "empty: one target for every document",
        filters=[stripped],
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    ordinal = BooleanField(
        "Values in order",
        description="The values are steps of one scale, in their order: the agreement "
        "report then weighs a near miss as one (ordinal alpha)",
    )
    required = required_field()
    keys = FieldList(
        StringField(
            "Key",
            validators=[Optional()],
            render_kw={
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": "1",
                "size": "2",
            },
        ),
        "Keys",
    )
    submit = SubmitField("Save settings")
    #: Shown only when the change asks first: a used label field's target or description
    #: changed (services.schema.meaning).
    confirm_meaning = SubmitField("Save anyway, keeping the values given")

    def validate_name(self, field: Field) -> None:
        """Refuse a name of blanks; a post without the field keeps the name (an older page's)."""
        if field.raw_data and not field.data:
            raise ValidationError("Give it a name.")

    def fields(self) -> dict[str, Any]:
        kept = {name for name in self._fields if name not in ("csrf_token", "submit")}
        settings: dict[str, Any] = {
            "description": self.description.data or "",
            "multiple": bool(self.multiple.data),
        }
        if self.name.raw_data:
            settings["name"] = self.name.data
        if "target" in kept:
            settings |= {
                "target": self.target.data or None,
                "target_from": self.target_from.data or None,
                "ordinal": bool(self.ordinal.data),
                "required": bool(self.required.data),
            }
        if "keys" in kept:
            settings["keys"] = [entry.data or None for entry in self.keys.entries]
        return settings

    def key_of(self, value: str, values: list[str]) -> Field | None:
        """Return the key field of ``value``, one of the field's ``values``; None: no such."""
        if "keys" not in self._fields or value not in values:
            return None
        return self.keys.entries[values.index(value)]


def settings_form(
    kind: str, values: list[str], entry: dict[str, Any] | None = None
) -> FieldSettingsForm:
    """Return the settings form of a field of ``kind`` (sentence, document, attribute) whose
    values are ``values``: filled from ``entry`` (the schema's), or else from the request.

    Each value's key field is labelled with the value.
    """
    if entry is None:
        form = FieldSettingsForm()
    else:
        data = dict(entry) | {"keys": [key or "" for key in entry.get("keys") or []]}
        data["target"] = entry.get("target") or ""
        data["target_from"] = entry.get("target_from") or ""
        form = FieldSettingsForm(formdata=None, data=data)
    for name in ("target", "target_from", "ordinal", "required", "keys"):
        if name not in SETTINGS[kind]:
            delattr(form, name)
    if kind == "attribute":  # what an attribute's change of meaning concerns is spans
        form.confirm_meaning.label.text = "Save anyway, keeping the spans made"
    if "keys" in SETTINGS[kind]:
        # As many keys as values, whatever was posted (a value added meanwhile, say).
        while len(form.keys.entries) < len(values):
            form.keys.append_entry("")
        while len(form.keys.entries) > len(values):
            form.keys.pop_entry()
        for value, key in zip(values, form.keys.entries, strict=False):
            key.label.text = value
    return form
