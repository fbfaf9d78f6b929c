"""The shared form rendering: required marks with their legend, errors tied to their field,
a summary naming each field; filters drawn only when they can filter something."""

from django import forms

from lindungi.web.templatetags.lindungi_forms import useful


class Sample(forms.Form):
    name = forms.CharField(label="Nama")
    note = forms.CharField(label="Catatan", required=False, help_text="Bebas")


def test_a_required_field_is_marked_and_an_optional_one_is_not():
    page = str(Sample())
    name, note = page.split('class="field field-note')
    assert 'class="required-mark"' in name and "required" in name
    assert "required-mark" not in note
    assert 'data-testid="required-legend"' in page


def test_an_error_sits_beside_its_field_and_in_the_summary_naming_it():
    form = Sample({"note": "x"})
    assert not form.is_valid()
    page = str(form)
    assert 'aria-describedby="id_name_error"' in page
    assert 'id="id_name_error"' in page
    summary = page.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert '<a href="#id_name">Nama</a>' in summary
    assert 'aria-describedby="id_note_helptext"' in page


def test_a_choice_with_one_value_filters_nothing():
    assert not useful(forms.ChoiceField(choices=[("", "Semua"), ("1", "Program 2026")]))
    assert not useful(forms.ChoiceField(choices=[("", "Semua")]))
    assert useful(forms.ChoiceField(choices=[("", "Semua"), ("1", "A"), ("2", "B")]))
    assert useful(forms.CharField())
