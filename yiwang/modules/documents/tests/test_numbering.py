"""发文字号: the format, and allocation per 代字 per year without gaps, never reused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from ..models import DocumentNumberCounter, IssuerCode
from ..services import numbering, outgoing
from ..services.errors import DocumentRefused
from .factories import refresh, through_sign_off


@pytest.mark.parametrize("value", ["伊政发〔2026〕12号", "伊政办发〔2025〕1号", "伊发改发〔2026〕100号"])
def test_well_formed_numbers_are_accepted(value):
    assert numbering.validate_doc_number(value) == value


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("伊政发〔2026〕第12号", "不加“第”"),
        ("伊政发[2026]12号", "六角括号"),
        ("伊政发（2026）12号", "六角括号"),
        ("伊政发〔2026〕012号", "前导 0"),
        ("伊政发〔26〕12号", "格式应为"),
        ("伊政发〔2026〕12", "格式应为"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(value, reason):
    with pytest.raises(DocumentRefused) as refused:
        numbering.validate_doc_number(value)
    assert reason in refused.value.message


@pytest.mark.django_db
def test_each_code_and_year_counts_on_its_own_and_never_goes_back(office):
    with transaction.atomic():
        first = [numbering.allocate_number(issuer_code=office.civil_code, year=2026) for _ in range(3)]
        other = numbering.allocate_number(issuer_code=office.office_code, year=2026)
        next_year = numbering.allocate_number(issuer_code=office.civil_code, year=2027)
    assert (first, other, next_year) == ([1, 2, 3], 1, 1)
    try:
        with transaction.atomic():
            assert numbering.allocate_number(issuer_code=office.civil_code, year=2026) == 4
            raise ValueError("the stamping failed")
    except ValueError:
        pass
    # The rolled-back numbering gave its serial back with everything else: no gap.
    with transaction.atomic():
        assert numbering.allocate_number(issuer_code=office.civil_code, year=2026) == 4


@pytest.mark.django_db
def test_numbering_two_documents_gives_consecutive_numbers(office):
    w = office.world
    a, b = through_sign_off(office), through_sign_off(office, joint=False)
    outgoing.number_document(document=b, by=w.office_director)
    outgoing.number_document(document=a, by=w.office_director)
    assert sorted(refresh(d).number_serial for d in (a, b)) == [1, 2]
    assert DocumentNumberCounter.objects.get(issuer_code=office.civil_code).last == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_give_consecutive_numbers_with_no_gaps(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are PostgreSQL's; SQLite serialises writers itself")
    code = IssuerCode.objects.create(agency=world.city_government, code="伊政发")
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    serial = numbering.allocate_number(issuer_code=code, year=2026)
                with lock:
                    got.append(serial)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(got) == list(range(1, 41))
