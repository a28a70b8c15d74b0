"""The admin's upload form for an export file."""

from django import forms

from articles.importers.service import check_export_size
from articles.importers.wxr import ExportError


class ExportUploadForm(forms.Form):
    export = forms.FileField(
        label="Export file (.xml)",
        help_text=(
            "In WordPress: Tools → Export → Posts → Download Export File. "
            "In Squarespace: Settings → Advanced → Import / Export → Export."
        ),
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        try:
            check_export_size(upload.size)
        except ExportError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
