"""The forms' and the OpenAPI document's limits are the services' own numbers, not copies."""

from __future__ import annotations

import re
from typing import Any

from wtforms.validators import Length, NumberRange, Regexp

from annotator.core import passwords
from annotator.core.limits import SLUG_MAX, SLUG_PATTERN, USERNAME_MAX
from annotator.services.accounts.tokens import MAX_TOKEN_DAYS, TOKEN_NAME_LENGTH
from annotator.web.admin_forms import MemberByNameForm, NewUserForm
from annotator.web.forms import LoginForm, TokenForm
from annotator.web.project_forms import NewProjectForm


def _most(form_class: type, name: str) -> Any:
    field = getattr(form_class, name)
    (limit,) = [v for v in field.kwargs["validators"] if isinstance(v, (Length, NumberRange))]
    return limit.max


def test_the_forms_say_the_services_limits() -> None:
    assert _most(LoginForm, "username") == _most(NewUserForm, "username") == USERNAME_MAX
    assert _most(MemberByNameForm, "username") == USERNAME_MAX
    assert _most(LoginForm, "password") == _most(NewUserForm, "password")
    assert _most(LoginForm, "password") == passwords.MAX_LENGTH
    assert _most(TokenForm, "name") == TOKEN_NAME_LENGTH
    assert _most(TokenForm, "expires_in_days") == MAX_TOKEN_DAYS
    assert TokenForm.expires_in_days.kwargs["render_kw"]["max"] == str(MAX_TOKEN_DAYS)
    assert _most(NewProjectForm, "slug") == SLUG_MAX
    (characters,) = [v for v in NewProjectForm.slug.kwargs["validators"] if isinstance(v, Regexp)]
    # The form's characters and the service's pattern agree on every slug of the right length.
    for slug in ["a", "a-b_9", "9z", "-a", "A", "a b", "é", "a" * SLUG_MAX]:
        assert bool(characters.regex.match(slug)) == bool(re.match(SLUG_PATTERN, slug))


def test_the_openapi_document_says_the_token_and_slug_limits(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    body = paths["/tokens"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["name"]["maxLength"] == TOKEN_NAME_LENGTH
    assert body["properties"]["expires_in_days"]["maximum"] == MAX_TOKEN_DAYS
    made = paths["/projects"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert made["properties"]["slug"]["pattern"] == SLUG_PATTERN
