"""The pages of compliance, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.compliance.web import (
    activities,
    agreements,
    documents,
    employers,
    referrals,
    report,
    tasks,
    team,
)

urlpatterns: list[URLPattern] = [
    path("inpres/", tasks.tasks, name="inpres_tasks"),
    path("inpres/tugas/<int:task_id>/", tasks.task_detail, name="inpres_task"),
    path("inpres/tugas/<int:task_id>/ubah/", tasks.task_edit, name="inpres_task_edit"),
    path("inpres/tim/", team.team, name="inpres_team"),
    path("inpres/tim/<int:member_id>/ubah/", team.member_edit, name="inpres_member_edit"),
    path("inpres/kerja-sama/", agreements.agreements, name="inpres_agreements"),
    path(
        "inpres/kerja-sama/<int:agreement_id>/ubah/",
        agreements.agreement_edit,
        name="inpres_agreement_edit",
    ),
    path("inpres/kegiatan/", activities.activities, name="inpres_activities"),
    path(
        "inpres/kegiatan/<int:activity_id>/ubah/",
        activities.activity_edit,
        name="inpres_activity_edit",
    ),
    path("inpres/laporan/", report.report, name="inpres_report"),
    path("inpres/dokumen/<int:file_id>/", documents.document, name="inpres_document"),
    path("inpres/pemberi-kerja/", employers.employers, name="inpres_employers"),
    path(
        "inpres/pemberi-kerja/<int:employer_id>/",
        employers.employer_detail,
        name="inpres_employer",
    ),
    path("inpres/rujukan/", referrals.referrals, name="inpres_referrals"),
]
