"""Checks for the django-forms-validation set: each runs the question's form for real.

ModelForm checks declare their models inside ``isolate_apps`` and create and drop the tables
around the check with the schema editor.
"""

from __future__ import annotations

import datetime
from contextlib import redirect_stdout
from io import StringIO

import pytest
from django import forms
from django.db import connection, models
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext, isolate_apps

from tests.content_checks.model_tables import tables
from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    marked,
    observed,
    question,
    refuted,
)
from tests.content_checks.snippets import Ran, run_fragment

SET = "django-forms-validation"
APP = "tests.content_checks.djangoapp"
LABEL = "djangoapp"


def run_shipped(key: str, **names: object) -> Ran:
    """Run the shipped question's code with ``forms`` (and ``names``) predefined."""
    return run_fragment(code_of(key), {"forms": forms, **names})


class ContactForm(forms.Form):
    email = forms.EmailField()


@proves(f"{SET}/cleaned-data-before-is-valid")
def test_cleaned_data_exists_only_after_validation() -> None:
    key = f"{SET}/cleaned-data-before-is-valid"
    with pytest.raises(AttributeError, match="has no attribute 'cleaned_data'"):
        run_shipped(key)
    assert "AttributeError" in marked(key)
    form = ContactForm(data={"email": "ann@example.com"})
    assert form.is_valid()
    assert form.cleaned_data["email"] == "ann@example.com"


@proves(f"{SET}/unbound-form-invalid")
def test_unbound_form_is_invalid_without_errors() -> None:
    key = f"{SET}/unbound-form-invalid"
    assert run_shipped(key, ContactForm=ContactForm).printed == "False False 0" == marked(key)
    bound_empty = ContactForm(data={})
    assert bound_empty.errors == {"email": ["This field is required."]}


@proves(f"{SET}/optional-field-empty-values")
def test_missing_optional_fields_clean_to_their_empty_values() -> None:
    key = f"{SET}/optional-field-empty-values"
    ran = run_shipped(key)
    assert ran.printed == "{'nickname': '', 'age': None}" == marked(key)
    assert ran.namespace["form"].is_valid()


@proves(f"{SET}/clean-field-missing-return")
def test_clean_field_without_return_stores_none() -> None:
    key = f"{SET}/clean-field-missing-return"
    ran = run_shipped(key)
    assert ran.printed == "None" == marked(key)
    assert ran.namespace["form"].is_valid() is True
    other = ran.namespace["SchoolEmailForm"](data={"email": "ann@example.com"})
    assert other.errors == {"email": ["Use your school address."]}


@proves(f"{SET}/clean-field-skipped-when-invalid")
def test_clean_field_method_is_skipped_when_the_field_fails() -> None:
    key = f"{SET}/clean-field-skipped-when-invalid"
    ran = run_shipped(key)
    assert ran.printed == "False" == marked(key)
    assert ran.namespace["form"].errors == {"age": ["Enter a whole number."]}
    with pytest.raises(forms.ValidationError, match="Enter a whole number"):
        forms.IntegerField().clean("abc")  # the field's own clean() raised it
    observed(key, "ValidationError")
    valid_output = StringIO()
    with redirect_stdout(valid_output):
        ran.namespace["AgeForm"](data={"age": "7"}).is_valid()
    assert valid_output.getvalue() == "clean_age called\n"


class BookingForm(forms.Form):
    start = forms.DateField()
    end = forms.DateField()

    def clean(self):
        cleaned = super().clean()
        if cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError("End must be after start.")
        return cleaned


BACKWARDS_BOOKING = {"start": "2025-03-10", "end": "2025-03-01"}


@proves(f"{SET}/clean-raise-non-field")
def test_error_raised_in_clean_is_a_non_field_error() -> None:
    key = f"{SET}/clean-raise-non-field"
    form = run_shipped(key).namespace["form"]
    assert form.is_valid() is False
    assert form.non_field_errors() == ["End must be after start."]
    assert list(form.errors) == ["__all__"]
    assert "non_field_errors()" in marked(key)


@proves(f"{SET}/add-error-removes-field")
def test_add_error_attaches_to_the_field_and_drops_it_from_cleaned_data() -> None:
    key = f"{SET}/add-error-removes-field"
    ran = run_shipped(key)
    assert ran.printed == "False False ['end']" == marked(key)
    assert ran.namespace["form"].cleaned_data == {"start": datetime.date(2025, 3, 10)}


@proves(f"{SET}/field-order-keyerror")
def test_clean_field_runs_in_declaration_order() -> None:
    key = f"{SET}/field-order-keyerror"
    ran = run_shipped(key)
    with pytest.raises(KeyError, match="password"):
        ran.namespace["form"].is_valid()
    assert marked(key) == "It raises KeyError 'password'."

    class ReorderedForm(forms.Form):
        password = forms.CharField()
        confirm = forms.CharField()
        clean_confirm = ran.namespace["SignupForm"].clean_confirm

    assert ReorderedForm(data={"confirm": "s3cret", "password": "s3cret"}).is_valid()


@proves(f"{SET}/validation-error-code")
def test_error_codes_are_kept_beside_the_messages() -> None:
    key = f"{SET}/validation-error-code"
    ran = run_shipped(key)
    truths = {}
    for letter, expression in zip("ABCD", question(key).options, strict=True):
        try:
            truths[letter] = eval(expression, ran.namespace) is True
        except AttributeError:  # a str has no .code
            truths[letter] = False
    assert truths == {letter: letter == answer_letter(key) for letter in "ABCD"}
    form = ran.namespace["form"]
    assert form.errors["title"] == ["Too short."]
    assert form.errors.as_data()["title"][0].code == "too_short"  # the solution's way


@proves(f"{SET}/non-field-errors-template")
def test_field_loop_does_not_show_non_field_errors() -> None:
    key = f"{SET}/non-field-errors-template"
    form = BookingForm(data=BACKWARDS_BOOKING)
    assert not form.is_valid()
    field_loop = code_of(key)
    page = Template(field_loop).render(Context({"form": form}))
    assert "End must be after start." not in page
    assert 'name="end"' in page  # the loop did render the fields
    with_non_field = Template("{{ form.non_field_errors }}" + field_loop)
    assert "End must be after start." in with_non_field.render(Context({"form": form}))
    for whole in ("{{ form }}", "{{ form.errors }}", "{{ form.as_p }}", "{{ form.as_div }}"):
        assert "End must be after start." in Template(whole).render(Context({"form": form}))
    assert form.errors["__all__"] == ["End must be after start."]  # under no field
    keyed_says(key, "No; it is a non-field error", "renders only each field's own errors")
    refuted(key, "next to the end field")
    refuted(key, "Django adds non-field errors to any template")
    refuted(key, "only written to the server log")


@proves(f"{SET}/commit-false-unsaved", f"{SET}/save-m2m")
@isolate_apps(APP)
def test_commit_false_saves_nothing_and_m2m_needs_save_m2m() -> None:
    class Tag(models.Model):
        name = models.CharField(max_length=20)

        class Meta:
            app_label = LABEL
            db_table = "fv_tag"

    class Post(models.Model):
        title = models.CharField(max_length=100)
        slug = models.SlugField(blank=True)
        tags = models.ManyToManyField(Tag, blank=True)

        class Meta:
            app_label = LABEL
            db_table = "fv_post"

    class PostForm(forms.ModelForm):
        class Meta:
            model = Post
            fields = ["title", "tags"]  # noqa: RUF012

    with tables(Tag, Post):
        django_tag = Tag.objects.create(name="django")
        form = PostForm(data={"title": "Hello", "tags": [django_tag.pk]})
        assert form.is_valid()
        with CaptureQueriesContext(connection) as queries:
            post = form.save(commit=False)
        assert isinstance(post, Post)
        assert post.pk is None
        assert len(queries) == 0
        post.slug = "hello"
        post.save()
        assert post.pk is not None
        assert post.tags.count() == 0  # save-m2m: the tags were not saved
        form.save_m2m()
        assert list(post.tags.all()) == [django_tag]
    assert marked(f"{SET}/commit-false-unsaved") == "None"
    assert marked(f"{SET}/save-m2m") == "0"


@proves(f"{SET}/modelform-unique-validation")
@isolate_apps(APP)
def test_modelform_validates_unique_fields_against_the_database() -> None:
    class Book(models.Model):
        isbn = models.CharField(max_length=13, unique=True)

        class Meta:
            app_label = LABEL
            db_table = "fv_book"

    class BookForm(forms.ModelForm):
        class Meta:
            model = Book
            fields = ["isbn"]  # noqa: RUF012

    with tables(Book):
        Book.objects.create(isbn="9780000000001")
        form = BookForm(data={"isbn": "9780000000001"})
        assert form.is_valid() is False
        assert form.errors["isbn"] == ["Book with this Isbn already exists."]
        assert Book.objects.count() == 1
    assert marked(f"{SET}/modelform-unique-validation").startswith(
        'Returns False with "Book with this Isbn already exists."'
    )


@proves(f"{SET}/errors-triggers-clean")
def test_reading_errors_runs_full_validation() -> None:
    key = f"{SET}/errors-triggers-clean"
    assert "is_valid" not in code_of(key)
    assert run_shipped(key).printed == "{'name': 'Ann'}" == marked(key)
