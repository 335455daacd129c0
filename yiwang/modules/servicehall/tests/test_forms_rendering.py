"""The renderer draws accessible HTML: labels, fieldsets and legends, help and errors tied with
aria-describedby, an error summary linking to each field, required and aria-invalid, input kept."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.http import QueryDict

from ..forms_engine import render, validate
from ..forms_engine.prefill import PrefilledValue
from .forms_support import sample_definition


class Tree(HTMLParser):
    """The start tags of a fragment with their attributes, and the text inside each label/legend."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {"label": [], "legend": [], "a": [], "li": [], "p": []}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in self.texts:
            self._open.append(tag)
            self.texts[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.texts[tag][-1] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def one(self, tag: str, **attrs: str) -> dict[str, str]:
        found = self.find(tag, **attrs)
        assert len(found) == 1, (tag, attrs, found)
        return found[0]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


def _posted(**values: Any) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def test_every_control_has_a_label() -> None:
    tree = Tree(render(sample_definition()))
    labelled = {a["for"] for a in tree.find("label")}
    controls = [a for t, a in tree.tags if t in {"input", "select", "textarea"}]
    assert controls
    assert all(control["id"] in labelled for control in controls)


def test_sections_and_choice_groups_are_fieldsets_with_legends() -> None:
    tree = Tree(render(sample_definition()))
    assert {"申请人信息", "家庭情况"} <= set(tree.texts["legend"])
    assert "性别*" in tree.texts["legend"] and "困难情形" in tree.texts["legend"]
    assert len(tree.find("fieldset")) == 4  # two sections, the radio group and the checkbox group


def test_default_and_chosen_widgets_are_drawn() -> None:
    tree = Tree(render(sample_definition()))
    assert len(tree.find("input", type="radio", name="gender")) == 2  # ≤ 4 choices
    assert tree.one("select", name="bank")  # 5 choices
    assert len(tree.find("input", type="checkbox", name="hardships")) == 3
    assert tree.one("input", type="checkbox", name="agree")
    assert tree.one("textarea", name="reason")
    assert tree.one("input", name="birth_date")["type"] == "date"
    assert tree.one("input", name="household_size")["inputmode"] == "numeric"
    assert tree.one("input", name="mobile")["type"] == "tel"


def test_required_fields_are_marked_required() -> None:
    tree = Tree(render(sample_definition()))
    assert "required" in tree.one("input", name="mobile")
    assert "required" not in tree.one("input", name="email")
    assert all("required" in radio for radio in tree.find("input", name="gender"))


def test_help_text_is_tied_to_its_control() -> None:
    tree = Tree(render(sample_definition()))
    control = tree.one("input", name="household_size")
    assert control["aria-describedby"] == "f-household_size-help"
    assert "f-household_size-help" in tree.ids()


def test_errors_show_a_summary_linking_to_each_field_and_mark_it_invalid() -> None:
    definition = sample_definition()
    data = _posted(mobile="12345", reason="短", hardships=["illness"])
    _, errors = validate(definition, data)
    tree = Tree(render(definition, data=data, errors=errors))
    summary_links = [a["href"] for a in tree.find("a")]
    assert summary_links[:3] == ["#f-applicant_name", "#f-id_number", "#f-mobile"]
    assert "#f-gender-1" in summary_links  # a group links to its first choice
    assert all(link[1:] in tree.ids() for link in summary_links)
    mobile = tree.one("input", name="mobile")
    assert mobile["aria-invalid"] == "true"
    assert "f-mobile-error" in mobile["aria-describedby"].split()
    assert "“联系电话”：请填写 11 位手机号码，例如 13800000000。" in tree.texts["li"]


def test_the_users_input_is_kept_on_error() -> None:
    definition = sample_definition()
    data = _posted(
        mobile="12345", reason="短", gender="female", bank="boc", hardships=["illness", "elderly"], agree="on"
    )
    _, errors = validate(definition, data)
    html = render(definition, data=data, errors=errors)
    tree = Tree(html)
    assert tree.one("input", name="mobile")["value"] == "12345"
    assert ">短</textarea>" in html
    assert "checked" in tree.one("input", name="gender", value="female")
    assert "checked" not in tree.one("input", name="gender", value="male")
    assert {a["value"] for a in tree.find("input", name="hardships") if "checked" in a} == {"illness", "elderly"}
    assert "checked" in tree.one("input", name="agree")
    assert "selected" in tree.one("option", value="boc")


def test_an_invalid_date_is_kept_in_a_text_box() -> None:
    definition = sample_definition()
    data = _posted(birth_date="2026-02-30x")
    _, errors = validate(definition, data)
    control = Tree(render(definition, data=data, errors=errors)).one("input", name="birth_date")
    assert (control["type"], control["value"]) == ("text", "2026-02-30x")


def test_a_prefilled_field_is_read_only_without_a_name_and_says_where_it_came_from() -> None:
    tree = Tree(render(sample_definition(), prefilled={"applicant_name": PrefilledValue("王秀兰")}))
    assert not tree.find("input", name="applicant_name")
    shown = tree.one("input", id="f-applicant_name")
    assert shown["value"] == "王秀兰" and "readonly" in shown
    assert shown["aria-describedby"] == "f-applicant_name-source"
    assert "来自您的实名信息" in tree.texts["p"]


def test_a_certificate_prefill_names_the_certificate() -> None:
    html = render(
        sample_definition(), prefilled={"uscc": PrefilledValue("91350100M000100Y43", source="来自您的营业执照")}
    )
    assert "来自您的营业执照" in html


def test_no_summary_without_errors_and_user_text_is_escaped() -> None:
    html = render(sample_definition(), data=_posted(reason="<script>alert(1)</script>"))
    assert 'data-testid="error-summary"' not in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_id_prefix_keeps_two_forms_on_one_page_apart() -> None:
    tree = Tree(render(sample_definition(), id_prefix="preview-"))
    assert tree.one("input", name="mobile")["id"] == "preview-mobile"
