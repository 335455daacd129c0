"""Statistics tables as downloads: CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese)
and XLSX (one sheet per table). A table is `(name, header, rows)`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(tables: Iterable[Table], *, filename: str) -> HttpResponse:
    """Every table under its name, a blank row between tables."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for name, header, rows in tables:
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows(rows)
        writer.writerow([])
    return _attachment(HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(tables: Iterable[Table], *, filename: str) -> HttpResponse:
    """One sheet per table (Excel allows 31 characters of sheet name)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, header, rows in tables:
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_TYPE), filename)
