"""The forms of the labels page: a span label added, edited or removed, and a value list's
values added, renamed or removed."""

from __future__ import annotations

from wtforms import SelectField, StringField, SubmitField
from wtforms.fields import ColorField
from wtforms.validators import DataRequired, InputRequired, Optional

from annotator.services.accounts.span_labels import SpanLabel
from annotator.web.forms import Form, SelectChoice


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class SpanLabelForm(Form):
    """A span label's name, key, colour and description (its attributes stay in the schema)."""

    name = StringField(
        "Name",
        # Stripped first, so that a name of blanks is said to be missing here.
        filters=[_stripped],
        validators=[DataRequired(message="A label needs a name.")],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    key = StringField(
        "Key",
        # The schema's rules say what a key may be (one character, free, not the workspace's).
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": "1", "size": "2"},
    )
    color = ColorField(
        "Colour",
        default="#1f77b4",
        # The schema's rules say what a colour may be; a browser's colour picker sends one.
        validators=[InputRequired()],
    )
    description = StringField(
        "Description",
        filters=[_stripped],
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )
    submit = SubmitField("Save label")

    def span_label(self) -> SpanLabel:
        """Return the label the form describes (its fields validated)."""
        return SpanLabel(
            name=self.name.data or "",
            key=self.key.data or None,
            color=(self.color.data or "").lower(),
            description=self.description.data or "",
        )


class RemoveSpanLabelForm(Form):
    """Remove a span label: a button, and the CSRF token."""

    submit = SubmitField("Remove label")


def _value_field(label: str, missing: str) -> StringField:
    """A value typed in: stripped and required (the schema's rules say the rest)."""
    return StringField(
        label,
        filters=[_stripped],
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
