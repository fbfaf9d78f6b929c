"""Edit forms that never silently overwrite another person's change (`core/versioning.py`):
each carries, in a hidden field, the version of the record it was opened at; when the record
was saved by somebody else meanwhile, the service refuses and the page opens again with the
record as it now is and a message saying why."""

from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from lindungi.core.versioning import MAX_VERSION, StaleEdit

FormT = TypeVar("FormT", bound=forms.BaseForm)


def versioned(form: FormT, version: int) -> FormT:
    """`form` with the hidden `version` field, opened at `version`."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION
    )
    form.initial["version"] = version
    return form


def form_version(form: forms.BaseForm) -> int | None:
    """The version a valid form was opened at (None from a client that sent none)."""
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None


def stale_reshown(request: HttpRequest, error: StaleEdit) -> HttpResponse:
    """The edit page again (GET): the other person's values and the current version, with
    the refusal on top; nothing of the stale form was written."""
    messages.warning(request, error.message)
    return redirect(request.get_full_path())
