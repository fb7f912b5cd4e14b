from django.urls import path

from planverk.followup import views_public

app_name = "followup_public"

urlpatterns = [
    path("planer/<int:plan_id>/oppfolging/", views_public.dashboard, name="dashboard"),
    path("planer/<int:plan_id>/status/<int:round_id>/", views_public.report, name="report"),
    path("planer/<int:plan_id>/status/<int:round_id>/rapport.pdf", views_public.report_pdf, name="report_pdf"),
    path("planer/<int:plan_id>/status/<int:round_id>/rapport.docx", views_public.report_docx, name="report_docx"),
]
