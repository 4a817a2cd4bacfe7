"""An imported span's or relation's ``suggested``: the model and score it came from
(CONTRACT 11)."""

from __future__ import annotations

from typing import Any, Literal

from annotator.core.limits import MODEL_NAME_MAX

from .result import Suggested


def suggested_of(
    item: dict[str, Any], where: str, problems: list[str]
) -> Suggested | None | Literal[False]:
    """Return the ``(score, model)`` of an item's ``suggested``, None when it has none, or
    False when it is not ``{"model", "score"}`` (the problem noted)."""
    value = item.get("suggested")
    if value is None:
        return None
    reason = None
    if not isinstance(value, dict):
        reason = '\'suggested\' must be an object, {"model", "score"}'
    else:
        model, score = value.get("model"), value.get("score")
        if isinstance(model, bool) or not isinstance(model, str | int) or model == "":
            reason = "'suggested' needs a 'model' (a model's version, or rules)"
        elif len(str(model)) > MODEL_NAME_MAX:
            reason = f"'suggested' model is longer than {MODEL_NAME_MAX} characters"
        elif score is not None and (
            isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1
        ):
            reason = f"'suggested' score must be a number from 0 to 1 or null, not {score!r}"
        else:
            return (None if score is None else float(score), str(model))
    problems.append(f"{where}: {reason}")
    return False
