"""发起: start one of the current process definitions from the workspace (modules start their
processes from their own screens; this one serves the generic and sample processes)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import services
from ..errors import WorkflowError
from ..forms import StartForm


@access_policy(audience="staff", methods=("GET", "POST"))
def start_process(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None, user=request.user, initial={"definition": request.GET.get("key_id")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instance = services.start(
                key=data["definition"].key,
                title=data["title"],
                initiator=request.user,
                agency=data["agency"],
                variables=form.variables(),
                urgency=data["urgency"],
                ip=client_ip(request),
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已发起：{instance.title}")
            return redirect("workflow:instance", instance.pk)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "workflow/start.html", {"form": form}, status=status)
