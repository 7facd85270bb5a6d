from django.urls import path

from essmed.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("signup/", views.signup, name="signup"),
    path("confirm/<uidb64>/<token>/", views.confirm_email, name="confirm"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/change/done/", views.password_change_done, name="password_change_done"),
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.my_personal_data, name="personal_data"),
    path("profile/data/download/", views.download_personal_data, name="download_personal_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("privacy/", views.privacy, name="privacy"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("memberships/<int:pk>/remove/", views.remove_membership, name="remove_membership"),
]
