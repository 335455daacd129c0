"""脱敏: one helper and one template filter for every kind of personal data."""

from __future__ import annotations

from django.template import Context, Template

from yiwang.core.privacy.masking import mask


def test_each_kind_of_personal_data_is_masked() -> None:
    assert mask("13812341234", "phone") == "138****1234"
    assert mask("230702199001011234", "id_number") == "2307**********1234"
    assert mask("王小明", "name") == "王**"
    assert mask("zhangwei@163.com", "email") == "z***@163.com"
    assert mask("黑龙江省伊春市伊美区新兴路12号", "address") == "黑龙江省伊春********"


def test_an_unknown_kind_hides_everything_and_nothing_raises_on_empty_values() -> None:
    assert mask("secret", "unknown") == "******"
    assert mask(None, "phone") == "" and mask("", "address") == ""


def test_the_template_filter_masks() -> None:
    rendered = Template('{% load privacy %}{{ phone|masked:"phone" }}').render(Context({"phone": "13812341234"}))
    assert rendered == "138****1234"
