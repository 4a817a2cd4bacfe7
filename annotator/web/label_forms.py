"""The forms of the labels page: a span label added or edited, and one removed."""

from __future__ import annotations

from wtforms import StringField, SubmitField
from wtforms.fields import ColorField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from annotator.services.accounts.span_labels import SpanLabel
from annotator.web.forms import Form


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
