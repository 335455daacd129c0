"""A test-only page that uses the upload field the way a module would (see test_browser.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from yiwang.core.files import services
from yiwang.core.files.forms import UploadField
from yiwang.core.files.models import StoredFile

PAGE = """{% extends "layouts/public.html" %}
{% block title %}上传测试{% endblock %}
{% block main %}
<h1>提交申请材料</h1>
<form method="post" enctype="multipart/form-data" novalidate>
  {% csrf_token %}
  <p><label for="{{ form.subject.id_for_label }}">{{ form.subject.label }}</label> {{ form.subject }}</p>
  {% include "files/includes/upload_field.html" with field=form.material %}
  <button type="submit">提交</button>
</form>
{% include "files/includes/file_list.html" with files=uploaded heading="已上传材料" %}
{% endblock %}
"""


class MaterialForm(forms.Form):
    subject = forms.CharField(label="事项名称", max_length=100)
    material = UploadField(purpose="attachment", label="申请材料")


@login_required
def upload_page(request: HttpRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None)
    uploaded: list[StoredFile] = []
    if request.method == "POST" and form.is_valid():
        try:
            uploaded = [services.upload(file=form.cleaned_data["material"], purpose="attachment", user=request.user)]
        except services.UploadRejected as exc:
            form.add_error("material", exc.message)
    page = engines["django"].from_string(PAGE)
    return HttpResponse(page.render({"form": form, "uploaded": uploaded}, request))


urlpatterns = [
    path("upload-test/", upload_page),
    path("", include("yiwang.urls")),
]
