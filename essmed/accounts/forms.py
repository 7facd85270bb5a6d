from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from essmed.accounts.actions import grantable_roles
from essmed.accounts.models import Invitation, Organisation, Role, SignupPolicy, User
from essmed.core.emails import queue_email
from essmed.core.forms import StyledForm, StyledFormMixin, StyledModelForm
from essmed.territories.models import Region


class LoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("This email address and password do not match an active account."),
        "inactive": _("This account is not active yet: confirm your email address first."),
    }


class PasswordFieldsMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def candidate_user(self) -> User:
        return User(email=self.cleaned_data.get("email", ""), full_name=self.cleaned_data.get("full_name", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    password_validation.validate_password(password1, self.candidate_user())
                except ValidationError as error:
                    self.add_error("password1", error)
        return cleaned


class SignupForm(StyledFormMixin, PasswordFieldsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput({"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput({"autocomplete": "email"}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    field_order = ["full_name", "email", "preferred_language", "password1", "password2"]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if not SignupPolicy.current().accepts_email(email):
            raise ValidationError(_("Accounts with this email domain are created by invitation only."))
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account already uses this email address. Log in, or reset your password if you forgot it.")
            )
        return email


class AcceptInvitationForm(StyledFormMixin, PasswordFieldsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput({"autocomplete": "name"}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    field_order = ["full_name", "preferred_language", "password1", "password2"]

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = invitation.language

    def candidate_user(self) -> User:
        return User(email=self.invitation.email, full_name=self.cleaned_data.get("full_name", ""))


class ProfileForm(StyledModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class InvitationForm(StyledModelForm):
    """An invitation from ``inviter``: the roles and organisations offered are those the inviter may give.

    Whether the role fits the organisation and region is checked by ``Invitation.clean()``."""

    class Meta:
        model = Invitation
        fields = ["email", "role", "organisation", "region", "language", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, inviter: User, organisation: Organisation | None = None, **kwargs: Any) -> None:
        self.inviter = inviter
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()
        organisation_field = cast(forms.ModelChoiceField, self.fields["organisation"])  # type: ignore[type-arg]
        region_field = cast(forms.ModelChoiceField, self.fields["region"])  # type: ignore[type-arg]
        role_field = cast(forms.ChoiceField, self.fields["role"])
        if inviter.is_programme_staff:
            organisation_field.queryset = Organisation.objects.all()
        else:
            organisation_field.queryset = Organisation.objects.managed_by(inviter)
        region_field.queryset = Region.objects.cim_listed().select_related("country")
        roles = set(grantable_roles(inviter)) or {Role.MEMBER}
        role_field.choices = [("", "---------")] + [(value, label) for value, label in Role.choices if value in roles]
        if organisation is not None:
            self.fields["organisation"].initial = organisation.pk
            self.fields["role"].initial = Role.MEMBER

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, organisation, region = cleaned.get("role"), cleaned.get("organisation"), cleaned.get("region")
        email = (cleaned.get("email") or "").lower()
        if not role:
            return cleaned
        if role not in grantable_roles(self.inviter, organisation):
            raise ValidationError(_("You cannot invite someone with this role here."))
        if email:
            if (
                Invitation.objects.pending()
                .filter(email__iexact=email, role=role, organisation=organisation, region=region)
                .exists()
            ):
                self.add_error("email", _("An invitation with this role is already pending for this address."))
            existing = User.objects.filter(email__iexact=email).first()
            if existing and existing.memberships.filter(role=role, organisation=organisation, region=region).exists():
                self.add_error("email", _("This person already holds this role."))
        return cleaned


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queue the reset link for the background worker, in the user's own language."""
        user: User = context["user"]
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        with translation.override(user.preferred_language):
            path = reverse("accounts:password_reset_confirm", args=[uid, context["token"]])
        queue_email(
            to_email,
            "emails/accounts/password_reset",
            {"full_name": user.full_name, "reset_path": path},
            language=user.preferred_language,
        )


class SetPasswordForm(StyledFormMixin, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    pass


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


class EmptyForm(StyledForm):
    """A form with no field, for actions confirmed by a button."""


class DeleteAccountForm(StyledForm):
    """Deleting an account is confirmed with its current password (the person signs in again, so to speak)."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."), code="password_incorrect")
        return password
