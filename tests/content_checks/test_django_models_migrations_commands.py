"""Checks for the django-models-migrations set, the commands' part: makemigrations' questions
and operations, RunPython forwards and backwards, on SQLite.

Models are declared inside each check with ``isolate_apps`` (so the checks' app registry never
sees them) and their tables are created and dropped around the check with the schema editor.
"""

from __future__ import annotations

from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management.base import OutputWrapper
from django.db import connection, migrations, models
from django.db.migrations import Migration
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.questioner import InteractiveMigrationQuestioner
from django.db.migrations.state import ModelState, ProjectState
from django.test.utils import isolate_apps

from tests.content_checks.model_tables import LABEL, meta, tables
from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    answer_letter,
    option,
)

SET = "django-models-migrations"
APP = "tests.content_checks.djangoapp"


def marked(question_id: str) -> str:
    """The text of the option the shipped question marks as right."""
    key = f"{SET}/{question_id}"
    return option(key, answer_letter(key))


def migrated(app_label: str) -> MigrationGraph:
    """A migration graph in which the app already has its initial migration."""
    graph = MigrationGraph()
    graph.add_node((app_label, "0001_initial"), None)
    return graph


def add_field(field: models.Field) -> tuple[list[str], object, dict[str, list[Migration]]]:
    """Run makemigrations' change detection for adding ``field`` to an already migrated Student.

    Answers "2" (quit) if the interactive questioner prompts; returns what it printed, the exit
    code (None when it did not quit) and the detected changes.
    """
    before = ProjectState()
    before.add_model(
        ModelState(
            "school",
            "Student",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("name", models.CharField(max_length=50)),
            ],
        )
    )
    after = before.clone()
    after.add_field("school", "student", "new_field", field, preserve_default=True)
    output = StringIO()
    questioner = InteractiveMigrationQuestioner(prompt_output=OutputWrapper(output))
    exit_code: object = None
    changes: dict[str, list[Migration]] = {}
    with patch("builtins.input", return_value="2"):
        try:
            changes = MigrationAutodetector(before, after, questioner).changes(migrated("school"))
        except SystemExit as quit_:
            exit_code = quit_.code
    return output.getvalue().splitlines(), exit_code, changes


@proves(f"{SET}/not-null-field-prompt")
def test_only_a_not_null_field_without_any_default_makes_makemigrations_ask() -> None:
    assert marked("not-null-field-prompt") == "score = models.IntegerField()"
    prompt, exit_code, changes = add_field(models.IntegerField())
    assert prompt[0].startswith("It is impossible to add a non-nullable field 'new_field'")
    assert exit_code == 3
    assert changes == {}
    for quiet in (
        models.IntegerField(null=True),
        models.CharField(max_length=20, blank=True),
        models.IntegerField(db_default=0),
    ):
        prompt, exit_code, changes = add_field(quiet)
        assert (prompt, exit_code) == ([], None)
        [migration] = changes["school"]
        [operation] = migration.operations
        assert isinstance(operation, migrations.AddField)


@proves(f"{SET}/runpython-historical-model")
@isolate_apps(APP)
def test_runpython_gets_a_historical_model_without_custom_methods() -> None:
    assert "AttributeError" in marked("runpython-historical-model")

    class Course(models.Model):
        title = models.CharField(max_length=50)
        slug = models.CharField(max_length=50, blank=True)

        Meta = meta("mm_course")

        def make_slug(self) -> str:
            return self.title.lower()

    def fill_slugs(apps, schema_editor):  # the question's code, with the check's app label
        course_model = apps.get_model(LABEL, "Course")
        for course in course_model.objects.all():
            course.slug = course.make_slug()
            course.save()

    state = ProjectState()
    state.add_model(ModelState.from_model(Course))
    historical = state.apps.get_model(LABEL, "Course")
    assert historical is not Course
    assert not hasattr(historical, "make_slug")
    assert [field.name for field in historical._meta.fields] == ["id", "title", "slug"]
    with tables(Course):
        Course.objects.create(title="Maths")
        operation = migrations.RunPython(fill_slugs)
        with (
            connection.schema_editor() as editor,
            pytest.raises(AttributeError, match="make_slug"),
        ):
            operation.database_forwards(LABEL, editor, state, state.clone())


@proves(f"{SET}/runpython-irreversible")
def test_runpython_without_reverse_code_cannot_be_unapplied() -> None:
    assert "IrreversibleError" in marked("runpython-irreversible")

    def fill_slugs(apps, schema_editor):
        pass

    one_way = migrations.Migration("0004_fill_slugs", "school")
    one_way.operations = [migrations.RunPython(fill_slugs)]
    assert one_way.operations[0].reversible is False
    with connection.schema_editor() as editor, pytest.raises(IrreversibleError):
        one_way.unapply(ProjectState(), editor)

    both_ways = migrations.Migration("0004_fill_slugs", "school")
    both_ways.operations = [migrations.RunPython(fill_slugs, migrations.RunPython.noop)]
    with connection.schema_editor() as editor:
        both_ways.unapply(ProjectState(), editor)


@proves(f"{SET}/help-text-migration")
@isolate_apps(APP)
def test_help_text_change_makes_a_migration_that_runs_no_sql() -> None:
    assert "AlterField" in marked("help-text-migration")

    class Student(models.Model):
        name = models.CharField(max_length=50)

        Meta = meta("mm_help_student")

    before = ProjectState()
    before.add_model(ModelState.from_model(Student))
    after = before.clone()
    new_field = models.CharField(max_length=50, help_text="Full name, as on the register")
    after.alter_field(LABEL, "student", "name", new_field, preserve_default=True)
    changes = MigrationAutodetector(before, after).changes(migrated(LABEL))
    [migration] = changes[LABEL]
    [operation] = migration.operations
    assert isinstance(operation, migrations.AlterField)

    with connection.schema_editor(collect_sql=True) as editor:
        operation.database_forwards(LABEL, editor, before, after)
    assert editor.collected_sql == []
