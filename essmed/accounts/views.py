from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import logout as sign_out
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essmed.accounts import actions, personal_data
from essmed.accounts.access import (
    get_invitation_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_own_account,
)
from essmed.accounts.forms import (
    AcceptInvitationForm,
    DeleteAccountForm,
    InvitationForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
)
from essmed.accounts.models import Invitation, Membership, Organisation, SignupPolicy, User

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["open_registration"] = SignupPolicy.current().open_registration
        return context

    def get_default_redirect_url(self) -> str:
        """Without a ``next`` page, the home page in the person's preferred language."""
        with translation.override(self.request.user.preferred_language):  # type: ignore[union-attr]
            return reverse("core:home")


logout = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    form_class=PasswordResetForm,
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=SetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change_form.html",
    form_class=PasswordChangeForm,
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")


def signup(request: HttpRequest) -> HttpResponse:
    if not SignupPolicy.current().open_registration:
        raise Http404
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.register(
            email=data["email"],
            full_name=data["full_name"],
            password=data["password1"],
            language=data["preferred_language"],
        )
        return render(request, "accounts/signup_done.html", {"email": data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


def confirm_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    actions.confirm_email(user)
    login(request, user, backend=LOGIN_BACKEND)
    messages.success(request, _("Your email address is confirmed. Welcome to essmed."))
    return redirect("accounts:profile")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.filter(token=token).select_related("organisation", "region").first()
    if invitation is None or not invitation.is_pending:
        return render(request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410)
    context: dict[str, object] = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(request, "accounts/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            actions.accept_invitation(invitation, request.user)
            messages.success(request, _("Invitation accepted: your new role is active."))
            return redirect("accounts:profile")
        return render(request, "accounts/invitation_accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "accounts/invitation_login.html", context)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        user = actions.create_account_from_invitation(
            invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            language=form.cleaned_data["preferred_language"],
        )
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, _("Your account is created. Welcome to essmed."))
        return redirect("accounts:profile")
    context["form"] = form
    return render(request, "accounts/invitation_signup.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile is saved."))
            return redirect(reverse("accounts:profile"))
    memberships = user.memberships.select_related("organisation", "region").order_by("role")
    context = {
        "form": form,
        "memberships": memberships,
        "managed_organisations": Organisation.objects.managed_by(user).exists(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    """Invitations the user may send and follow: all for staff, their organisations' for managers."""
    user: User = request.user  # type: ignore[assignment]
    if not actions.grantable_roles(user) and not Organisation.objects.managed_by(user).exists():
        raise PermissionDenied
    organisation = None
    if slug := request.GET.get("organisation"):
        organisation = get_organisation_for_user(request, slug, write=True)
    form = InvitationForm(request.POST or None, inviter=user, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = actions.invite(user, form.save(commit=False))
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("accounts:invitations")
    visible = Invitation.objects.visible_to(user).select_related("organisation", "region", "invited_by")
    page = Paginator(visible, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/invitations.html", {"form": form, "page_obj": page})


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request, pk, write=True)
    actions.revoke_invitation(invitation)
    messages.success(request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email})
    return redirect("accounts:invitations")


@login_required
@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request, pk, write=True)
    if not invitation.is_pending:
        messages.error(request, _("Only a pending invitation can be sent again."))
    else:
        actions.send_invitation(invitation)
        messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
    return redirect("accounts:invitations")


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's private page: its members and pending invitations."""
    organisation = get_organisation_for_user(request, slug)
    can_manage = Organisation.objects.managed_by(request.user).filter(pk=organisation.pk).exists()
    memberships = organisation.memberships.select_related("user").order_by("user__full_name", "role")
    pending = organisation.invitations.pending() if can_manage else Invitation.objects.none()
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "memberships": memberships, "pending": pending, "can_manage": can_manage},
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisations = Organisation.objects.visible_to(user).select_related("country", "region")
    organisations = organisations.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.filter(user=user), to_attr="my_memberships")
    )
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page_obj": page})


@login_required
@require_POST
def remove_membership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request, pk, write=True)
    organisation = membership.organisation
    actions.remove_membership(membership)
    messages.success(request, _("%(person)s no longer holds this role.") % {"person": membership.user})
    if organisation is not None:
        return redirect(organisation.get_absolute_url())
    return redirect("accounts:profile")


@login_required
def my_personal_data(request: HttpRequest) -> HttpResponse:
    """What the platform keeps about the signed-in person, with the download and the deletion."""
    user = get_own_account(request)
    context = {
        "memberships": user.memberships.select_related("organisation", "region").order_by("role"),
        "summaries": personal_data.summary(user),
        "refusals": actions.deletion_refusals(user),
    }
    return render(request, "accounts/personal_data.html", context)


@login_required
def download_personal_data(request: HttpRequest) -> HttpResponse:
    return personal_data.download(get_own_account(request))


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirmed with the current password; refused, with what to do first, to the last manager or a superuser."""
    user = get_own_account(request)
    refusals = actions.deletion_refusals(user)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not refusals and form.is_valid():
        email = user.email
        try:
            actions.delete_account(user)
        except actions.AccountDeletionRefused as refused:
            refusals = refused.reasons
        else:
            sign_out(request)
            messages.success(
                request,
                _("Your account and your personal data are deleted. A confirmation is on its way to %(email)s.")
                % {"email": email},
            )
            return redirect("core:home")
    context = {"form": form, "refusals": refusals, "sources": personal_data.sources()}
    status = 200
    if request.method == "POST":
        status = 409 if refusals else 400
    return render(request, "accounts/delete_account.html", context, status=status)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html", {"contact": settings.PRIVACY_CONTACT_EMAIL})
