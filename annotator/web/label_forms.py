"""The forms of the labels page: a span label or relation type added, edited or removed, and
a value list's values added, renamed or removed."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import ColorField
from wtforms.validators import DataRequired, InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from annotator.web.forms import Form, SelectChoice, stripped


def _name_field() -> StringField:
    # Stripped first, so that a name of blanks is said to be missing here.
    return StringField(
        "Name",
        filters=[stripped],
        validators=[DataRequired(message="Give it a name.")],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


def _key_field(hint: str) -> StringField:
    # The schema's rules say what a key may be (one character, free, not the workspace's).
    return StringField(
        "Key",
        description=hint,
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": "1", "size": "2"},
    )


def description_field() -> StringField:
    """Return an entry's description field, shown to annotators beside it."""
    return StringField(
        "Description",
        description="Shown to annotators beside it",
        filters=[stripped],
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )


def required_field() -> BooleanField:
    """Return a label field's Required checkbox: the same on the form that adds the field and
    on its settings page (a span attribute has none)."""
    return BooleanField(
        "Required",
        description="Every sentence (a document field: the document) needs a value before "
        "its annotator may mark the document done; give the field a value such as NONE for "
        "where nothing applies",
    )


#: How pages call each role of the suggestions (:mod:`annotator.core.schema_roles`).
ROLE_WORDS = {
    "CLAIM": "claim",
    "SOURCE": "source",
    "CUE": "cue",
    "ATTRIBUTED_TO": "attributed to",
    "CUED_BY": "cued by",
}
#: What "Plays in suggestions" offers a span label and a relation type: a role or none (the
#: empty value).
SPAN_ROLE_CHOICES = [("", "none")] + [(r, ROLE_WORDS[r]) for r in ("CLAIM", "SOURCE", "CUE")]
RELATION_ROLE_CHOICES = [
    ("", "none"),
    ("ATTRIBUTED_TO", f"{ROLE_WORDS['ATTRIBUTED_TO']}: claim to source"),
    ("CUED_BY", f"{ROLE_WORDS['CUED_BY']}: claim to cue"),
]


def _role_field(choices: list[tuple[str, str]], noun: str) -> SelectField:
    return SelectField(
        "Plays in suggestions",
        choices=[SelectChoice(value, label) for value, label in choices],
        default="",
        description="The suggestions look for claims, their sources and cues, and link each "
        f"claim to its source and cue: say which of these this {noun} is, if any. A role has "
        f"one {noun}: choosing it here takes it from another.",
    )


#: What a span label's or relation type's add form calls the empty role while the schema lists
#: no ``roles``: the new entry then plays the role it is named like, if any.
BY_ITS_NAME = "by its name"


def _either(names: tuple[str, ...]) -> str:
    """Return ``names`` as words: 'A, B or C'."""
    return f"{', '.join(names[:-1])} or {names[-1]}"


#: The names that play a role by themselves, in words, by the add form's kind: the roles its
#: select offers, in its order.
_NAMED_ROLES = {
    "span_labels": f"a label named {_either(tuple(r for r, _ in SPAN_ROLE_CHOICES[1:]))}",
    "relation_types": "a relation type named "
    + _either(tuple(r for r, _ in RELATION_ROLE_CHOICES[1:])),
}


def offer_role_by_name(form: EntryForm, kind: str) -> None:
    """Say on ``form`` (the add form of ``kind``; the schema without ``roles``) that its empty
    role leaves the entry to play by its name, where an entry's own page writes ``roles`` and
    means none."""
    field = form._fields["role"]
    field.choices = [SelectChoice("", BY_ITS_NAME), *field.choices[1:]]
    field.description += (
        f" Left at \u201c{BY_ITS_NAME}\u201d, {_NAMED_ROLES[kind]} plays that role, as long as"
        " no entry chooses one here."
    )


class EntryForm(Form):
    """The form of one entry of the labels page; :meth:`fields` are the schema's."""

    #: The form's fields whose names are not the schema's settings they set.
    SETTINGS: dict[str, str] = {"roles": "role"}

    def fields(self) -> dict[str, Any]:
        """Return the entry's fields as the schema names them (the form validated)."""
        raise NotImplementedError

    def chosen_role(self) -> str | None:
        """Return the role chosen under "Plays in suggestions" (None: none)."""
        field = self._fields.get("role")
        return (field.data or None) if field is not None else None

    def field_setting(self, setting: str | None) -> Field | None:
        """Return the field that sets the schema's ``setting``; None: the form has none."""
        if setting is None:
            return None
        field = self._fields.get(self.SETTINGS.get(setting, setting))
        return None if field is None or field.type in ("SubmitField", "CSRFTokenField") else field


class SpanLabelForm(EntryForm):
    """A span label's name, key, colour and description (its attributes stay in the schema)."""

    name = _name_field()
    key = _key_field("One character that picks the label in the workspace; empty: none")
    color = ColorField(
        "Colour",
        default="#1f77b4",
        # The schema's rules say what a colour may be; a browser's colour picker sends one.
        validators=[InputRequired()],
    )
    description = description_field()
    role = _role_field(SPAN_ROLE_CHOICES, "label")
    submit = SubmitField("Save label")
    #: Shown only when the change asks first: a used label's description changed
    #: (services.schema.meaning).
    confirm_meaning = SubmitField("Save anyway, keeping the spans made")

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name.data or "",
            "key": self.key.data or None,
            "color": (self.color.data or "").lower(),
            "description": self.description.data or "",
        }


class _Checkboxes(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RelationTypeForm(EntryForm):
    """A relation type's name, the span labels at each end, its limit, key and description."""

    SETTINGS = {"from": "from_labels", "to": "to_labels", "roles": "role"}
    name = _name_field()
    from_labels = _Checkboxes("From", description="The span labels a relation of this type leaves")
    to_labels = _Checkboxes("To", description="The span labels it goes to")
    max_per_source = IntegerField(
        "Most per source span",
        description="How many relations of this type one span may leave; empty: any number",
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": "1"},
    )
    key = _key_field("One character that picks the type when linking; empty: none")
    description = description_field()
    role = _role_field(RELATION_ROLE_CHOICES, "relation type")
    submit = SubmitField("Save relation type")

    def offer(self, span_labels: list[str]) -> RelationTypeForm:
        """Offer ``span_labels`` at both ends; return the form."""
        for end in (self.from_labels, self.to_labels):
            end.choices = [SelectChoice(name, name) for name in span_labels]
        return self

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name.data or "",
            "from": list(self.from_labels.data or []),
            "to": list(self.to_labels.data or []),
            "max_per_source": self.max_per_source.data,
            "key": self.key.data or None,
            "description": self.description.data or "",
        }


class LabelFieldForm(EntryForm):
    """A new sentence or document label, or span attribute: its name, values, whether it takes
    several, and its description (its values change on their own page after, the rest on its
    settings page)."""

    name = _name_field()
    values = TextAreaField(
        "Values",
        description="One per line, in the order annotators see them",
        render_kw={"rows": "5", "spellcheck": "false"},
    )
    multiple = BooleanField("Several values at once", description="A list of values, not one")
    description = description_field()
    submit = SubmitField("Add")

    def fields(self) -> dict[str, Any]:
        lines = (self.values.data or "").splitlines()
        return {
            "name": self.name.data or "",
            "values": [line.strip() for line in lines if line.strip()],
            "multiple": bool(self.multiple.data),
            "description": self.description.data or "",
        }


class NewLabelFieldForm(LabelFieldForm):
    """A new sentence or document label field: a span attribute's fields, and whether the
    field is required."""

    required = required_field()

    def fields(self) -> dict[str, Any]:
        return super().fields() | {"required": bool(self.required.data)}


class RemoveEntryForm(Form):
    """Remove a span label or relation type: a button, and the CSRF token."""

    submit = SubmitField("Remove")


def _value_field(label: str, missing: str) -> StringField:
    """A value typed in: stripped and required (the schema's rules say the rest)."""
    return StringField(
        label,
        filters=[stripped],
        validators=[DataRequired(message=missing)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class AddValueForm(Form):
    """A new value for a label field or span attribute."""

    value = _value_field("New value", "Give the value to add.")
    submit = SubmitField("Add value")


class RenameValueForm(Form):
    """One of a list's values and its new name."""

    value = SelectField("Value", validate_choice=True)
    new = _value_field("New name", "Give the new name.")
    submit = SubmitField("Rename value")


class RemoveValueForm(Form):
    """One of a list's values, to remove."""

    value = SelectField("Value", validate_choice=True)
    submit = SubmitField("Remove value")


#: Each form of the values page has its own prefix, so that the page's ids are unique.
VALUE_FORM_PREFIXES: dict[str, type[Form]] = {
    "add": AddValueForm,
    "rename": RenameValueForm,
    "remove": RemoveValueForm,
}


def value_form(action: str, values: list[str], *, posted: bool = False) -> Form:
    """Return the values page's form for ``action`` (add, rename, remove) offering ``values``;
    ``posted`` reads it from the request."""
    form_class = VALUE_FORM_PREFIXES[action]
    form = form_class(prefix=action) if posted else form_class(prefix=action, formdata=None)
    if isinstance(form, RenameValueForm | RemoveValueForm):
        form.value.choices = [SelectChoice(value, value) for value in values]
    return form
