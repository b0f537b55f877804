"""Conditions in the Django admin: their names in both languages, synonyms
and the answer target routing uses (``forum.routing``). A condition is never
deleted here: threads are tagged with it."""

from django.contrib import admin

from .models import Condition


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fr", "category", "answer_target_hours")
    list_filter = ("category",)
    list_editable = ("answer_target_hours",)
    search_fields = ("name", "name_fr", "synonyms", "synonyms_fr")
    prepopulated_fields = {"slug": ("name",)}

    def has_delete_permission(self, request, obj=None):
        return False
