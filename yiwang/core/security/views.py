"""Staff screens of the security app (/staff/security/): the overview of backups and alerts, the
incident register with its timeline, reporting clock and re-grading, and the self-assessment report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import report, selectors, services
from .forms import EntryForm, IncidentForm, RegradeForm, ReportForm, StatusForm
from .models import Incident
from .permissions import require_report_reader, require_security_admin
from .policy import access_policy

RUNBOOK = "docs/security/incident-response.md"


@access_policy(verb="core.manage_security")
def overview(request: HttpRequest) -> HttpResponse:
    require_security_admin(request.user)
    return TemplateResponse(
        request,
        "security/overview.html",
        {
            "backups": selectors.list_backup_records(20),
            "alerts": selectors.list_recent_alerts(20),
            "open_incidents": selectors.list_incidents().exclude(status=Incident.Status.CLOSED)[:20],
            "last_drill": selectors.last_record("drill", ok_only=False),
        },
    )


@access_policy(verb="core.manage_security")
def incident_list(request: HttpRequest) -> HttpResponse:
    require_security_admin(request.user)
    status = request.GET.get("status", "")
    return TemplateResponse(
        request,
        "security/incident_list.html",
        {
            "incidents": selectors.list_incidents(status=status)[:200],
            "status": status,
            "statuses": Incident.Status.choices,
            "now": timezone.now(),
        },
    )


@access_policy(verb="core.manage_security", methods=("GET", "POST"))
def incident_new(request: HttpRequest) -> HttpResponse:
    require_security_admin(request.user)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = IncidentForm(request.POST or None, initial={"occurred_at": now, "discovered_at": now})
    if request.method == "POST" and form.is_valid():
        incident = services.register_incident(user=request.user, **form.cleaned_data)
        messages.success(request, f"已登记安全事件 {incident.number}。")
        return redirect("security:incident", pk=incident.pk)
    return TemplateResponse(
        request,
        "security/incident_form.html",
        {"form": form, "runbook": RUNBOOK, "report_rules": services.report_rules_text()},
    )


def _incident_or_404(pk: int) -> Incident:
    try:
        return selectors.get_incident(pk)
    except Incident.DoesNotExist as exc:
        raise Http404("安全事件不存在。") from exc


@access_policy(verb="core.manage_security", methods=("GET", "POST"))
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_security_admin(request.user)
    incident = _incident_or_404(pk)
    now = timezone.localtime().replace(second=0, microsecond=0)
    forms: dict[str, Any] = {
        "entry_form": EntryForm(initial={"at": now}),
        "report_form": ReportForm(initial={"reported_at": now}),
        "status_form": StatusForm(initial={"status": incident.status}),
        "regrade_form": RegradeForm(incident=incident),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "entry":
            entry_form = forms["entry_form"] = EntryForm(request.POST)
            if entry_form.is_valid():
                services.add_incident_entry(user=request.user, incident=incident, **entry_form.cleaned_data)
                return redirect("security:incident", pk=incident.pk)
        elif action == "report":
            report_form = forms["report_form"] = ReportForm(request.POST)
            if report_form.is_valid():
                services.record_incident_report(user=request.user, incident=incident, **report_form.cleaned_data)
                return redirect("security:incident", pk=incident.pk)
        elif action == "status":
            status_form = forms["status_form"] = StatusForm(request.POST)
            if status_form.is_valid():
                services.change_incident_status(user=request.user, incident=incident, **status_form.cleaned_data)
                return redirect("security:incident", pk=incident.pk)
        elif action == "regrade":
            regrade_form = forms["regrade_form"] = RegradeForm(request.POST, incident=incident)
            if regrade_form.is_valid():
                try:
                    incident = services.regrade_incident(
                        user=request.user, incident=incident, **regrade_form.cleaned_data
                    )
                except services.IncidentError as exc:
                    regrade_form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已将 {incident.number} 调整为“{incident.get_level_display()}”级。")
                    return redirect("security:incident", pk=incident.pk)
        else:
            messages.error(request, "未知操作。")
    return TemplateResponse(
        request,
        "security/incident_detail.html",
        {
            "incident": incident,
            "now": timezone.now(),
            "runbook": RUNBOOK,
            "report_window": services.report_window(incident),
            **forms,
        },
    )


@access_policy(verb="core.manage_security", or_verbs=("core.view_audit",))
def report_page(request: HttpRequest) -> HttpResponse:
    require_report_reader(request.user)
    return TemplateResponse(request, "security/report.html", report.report_context())


@access_policy(verb="core.manage_security", or_verbs=("core.view_audit",))
def report_pdf(request: HttpRequest) -> HttpResponse:
    require_report_reader(request.user)
    pdf = report.render_pdf(report.render_html(report.report_context()))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="yiwang-security-self-assessment.pdf"'
    return response


@require_POST
@access_policy(verb="core.manage_security", methods=("POST",))
def run_drill(request: HttpRequest) -> HttpResponse:
    require_security_admin(request.user)
    from .tasks import restore_drill_task

    user_id = request.user.pk
    transaction.on_commit(lambda: restore_drill_task.enqueue(actor_id=user_id))
    messages.success(request, "恢复演练已开始，完成后结果显示在下方记录中。")
    return redirect("security:overview")
