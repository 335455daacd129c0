from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict

from yiwang.core.files.forms import UploadField

from . import samples


class MaterialForm(forms.Form):
    material = UploadField(purpose="image", label="现场照片")


def test_the_widget_shows_limits_and_allowed_types_and_links_them() -> None:
    html = str(MaterialForm()["material"])
    assert 'accept=".gif,.jpeg,.jpg,.png,.webp"' in html
    assert 'aria-describedby="id_material-limits id_material-errors"' in html
    assert 'id="id_material-limits"' in html and "不超过 10 MB" in html and "PNG 图片" in html


@pytest.mark.django_db
def test_the_field_rejects_a_wrong_type_with_the_service_message() -> None:
    form = MaterialForm(data={}, files=MultiValueDict({"material": [samples.upload("a.pdf", samples.PDF)]}))
    assert not form.is_valid()
    assert "检测到 PDF" in form.errors["material"][0]


def test_the_field_accepts_an_allowed_file() -> None:
    form = MaterialForm(data={}, files=MultiValueDict({"material": [samples.upload("a.png", samples.png())]}))
    assert form.is_valid(), form.errors


def test_the_include_renders_label_errors_and_input() -> None:
    form = MaterialForm(data={}, files=MultiValueDict({"material": [samples.upload("a.png", b"")]}))
    form.is_valid()
    html = render_to_string("files/includes/upload_field.html", {"field": form["material"]})
    assert '<label for="id_material">现场照片' in html
    assert 'id="id_material-errors" role="alert"' in html
