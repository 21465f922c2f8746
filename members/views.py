from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from members.forms import ProfileForm
from members.models import Company
from members.services import user_update_profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user_update_profile(user=request.user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
        messages.error(request, "Your profile was not saved: please correct the errors below.")
    return render(request, "members/profile.html", {"form": form})


def directory(request: HttpRequest) -> HttpResponse:
    companies = Company.objects.all()
    return render(request, "members/directory.html", {"companies": companies})
