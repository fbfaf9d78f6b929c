"""The forms of coverage's pages."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from lindungi.programs.models import Program, Sponsor

MAX_MONEY = 10**15


class MatchForm(forms.Form):
    sponsor = forms.TypedChoiceField(label=gettext_lazy("Sponsor"), coerce=int)
    program = forms.TypedChoiceField(label=gettext_lazy("Program"), coerce=int)
    budget = forms.IntegerField(
        label=gettext_lazy("Budget (Rupiah)"), min_value=1, max_value=MAX_MONEY
    )
    months = forms.IntegerField(
        label=gettext_lazy("Months to fund"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=gettext_lazy("Empty: every month left in the program"),
    )

    def __init__(self, *args: Any, sponsors: list[Sponsor], programs: list[Program], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sponsor"]).choices = [
            ("", "—"),
            *((s.pk, f"{s.name} ({s.get_kind_display()})") for s in sponsors),
        ]
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", "—"),
            *((p.pk, p.name) for p in programs),
        ]
        self.fields["budget"].widget.attrs.update(inputmode="numeric", step="1")
