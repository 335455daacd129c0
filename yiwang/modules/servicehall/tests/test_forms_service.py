"""Saving a form definition: checked, versioned, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yiwang.core.audit.models import AuditEntry
from yiwang.testing.factories import StaffFactory

from ..models import ServiceForm, ServiceFormVersion
from ..services.forms import save_form_definition
from .forms_support import make_item, sample_definition

pytestmark = pytest.mark.django_db


def test_the_first_save_creates_version_one_and_an_audit_entry() -> None:
    item, actor = make_item(), StaffFactory()
    definition = sample_definition()
    form = save_form_definition(item=item, schema=definition["schema"], layout=definition["layout"], actor=actor)
    assert (form.item, form.version, form.updated_by) == (item, 1, actor)
    assert list(form.versions.values_list("version", flat=True)) == [1]
    entry = AuditEntry.objects.get(event="servicehall.form.save")
    assert entry.object_id == str(form.pk) and entry.actor_id == actor.pk


def test_each_changed_save_bumps_the_version_and_keeps_the_earlier_one() -> None:
    item = make_item()
    first = sample_definition()
    save_form_definition(item=item, schema=first["schema"], layout=first["layout"], actor=None)
    second = sample_definition()
    second["schema"]["properties"]["mobile"]["title"] = "手机号码"
    form = save_form_definition(item=item, schema=second["schema"], layout=second["layout"], actor=None)
    assert form.version == 2
    kept = ServiceFormVersion.objects.get(form=form, version=1)
    assert kept.schema["properties"]["mobile"]["title"] == "联系电话"
    assert ServiceFormVersion.objects.get(form=form, version=2).schema == second["schema"]


def test_saving_the_same_definition_again_changes_nothing() -> None:
    item = make_item()
    definition = sample_definition()
    save_form_definition(item=item, schema=definition["schema"], layout=definition["layout"])
    form = save_form_definition(item=item, schema=definition["schema"], layout=definition["layout"])
    assert form.version == 1
    assert AuditEntry.objects.filter(event="servicehall.form.save").count() == 1


def test_a_definition_that_breaks_the_format_writes_nothing() -> None:
    item = make_item()
    definition = sample_definition()
    definition["layout"]["sections"][0]["fields"].remove("email")
    with pytest.raises(ValidationError) as info:
        save_form_definition(item=item, schema=definition["schema"], layout=definition["layout"])
    assert "layout" in info.value.message_dict
    assert not ServiceForm.objects.exists()
    assert not AuditEntry.objects.filter(event="servicehall.form.save").exists()
