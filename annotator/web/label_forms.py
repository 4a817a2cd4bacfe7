"""The forms of the labels page: a span label added, edited or removed, and a value list's
values added, renamed or removed."""

from __future__ import annotations

from wtforms import SelectField, StringField, SubmitField
from wtforms.fields import ColorField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

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
        validators=[DataRequired(message="A label needs a name."), Length(max=100)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    key = StringField(
        "Key",
        # The schema's rules say which keys are free; one character is the form's to say.
        validators=[Optional(), Length(max=1, message="A key is one character.")],
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": "1", "size": "2"},
    )
    color = ColorField(
        "Colour",
        default="#1f77b4",
        validators=[
            InputRequired(),
            Regexp(r"^#[0-9a-fA-F]{6}$", message="A colour looks like #1f77b4."),
        ],
    )
    description = StringField(
        "Description",
        filters=[_stripped],
        validators=[Optional(), Length(max=500)],
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


class AddValueForm(Form):
    """A new value for a label field or span attribute."""

    value = StringField(
        "New value",
        filters=[_stripped],
        validators=[DataRequired(message="Give the value to add."), Length(max=100)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField("Add value")


class RenameValueForm(Form):
    """One of a list's values and its new name."""

    value = SelectField("Value", validate_choice=True)
    new = StringField(
        "New name",
        filters=[_stripped],
        validators=[DataRequired(message="Give the new name."), Length(max=100)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
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
