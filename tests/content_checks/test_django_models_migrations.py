"""Checks for the django-models-migrations set: each runs the question's code on SQLite.

Models are declared inside each check with ``isolate_apps`` (so the checks' app registry never
sees them) and their tables are created and dropped around the check with the schema editor.
"""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.db import IntegrityError, connection, models
from django.db.models.deletion import ProtectedError
from django.test.utils import isolate_apps

from tests.content_checks.model_tables import column_nullable, error_ids, meta, tables
from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    answer_letter,
    observed,
    option,
)

SET = "django-models-migrations"
APP = "tests.content_checks.djangoapp"


def marked(question_id: str) -> str:
    """The text of the option the shipped question marks as right."""
    key = f"{SET}/{question_id}"
    return option(key, answer_letter(key))


@proves(f"{SET}/blank-only-form-level")
@isolate_apps(APP)
def test_blank_relaxes_validation_but_keeps_the_column_not_null() -> None:
    assert marked("blank-only-form-level").startswith("Forms and full_clean() accept")

    class Author(models.Model):
        name = models.CharField(max_length=50)
        bio = models.TextField(blank=True)

        Meta = meta("mm_blank_author")

    with tables(Author):
        Author(name="Ann", bio="").full_clean()  # validation accepts an empty bio
        assert Author._meta.get_field("bio").null is False
        assert column_nullable("mm_blank_author", "bio") is False  # still NOT NULL
        with pytest.raises(IntegrityError):
            Author.objects.create(name="Ann", bio=None)  # NULL is refused by the database
        observed("django-models-migrations/blank-only-form-level", "IntegrityError")

    # blank=True does something alone: without it the same empty bio fails validation.
    class StrictAuthor(models.Model):
        name = models.CharField(max_length=50)
        bio = models.TextField()

        Meta = meta()

    with pytest.raises(ValidationError) as raised:
        StrictAuthor(name="Ann", bio="").full_clean()
    assert raised.value.message_dict == {"bio": ["This field cannot be blank."]}


@proves(f"{SET}/charfield-implicit-default")
@isolate_apps(APP)
def test_charfield_without_default_saves_an_empty_string() -> None:
    assert marked("charfield-implicit-default") == "''"

    class Profile(models.Model):
        nickname = models.CharField(max_length=30, blank=True)

        Meta = meta("mm_profile")

    class Score(models.Model):
        points = models.IntegerField()

        Meta = meta("mm_score")

    with tables(Profile, Score):
        profile = Profile.objects.create()
        assert repr(profile.nickname) == "''"
        profile.refresh_from_db()
        assert profile.nickname == ""
        # The solution's contrast: a field that refuses empty strings defaults to None.
        with pytest.raises(IntegrityError, match="NOT NULL"):
            Score.objects.create()


@proves(f"{SET}/protect-delete")
@isolate_apps(APP)
def test_protect_refuses_to_delete_a_referenced_author() -> None:
    assert marked("protect-delete").startswith("It raises ProtectedError")

    class Author(models.Model):
        name = models.CharField(max_length=50)

        Meta = meta("mm_protect_author")

    class Book(models.Model):
        author = models.ForeignKey(Author, on_delete=models.PROTECT)

        Meta = meta("mm_protect_book")

    with tables(Author, Book):
        author = Author.objects.create(name="Ann")
        Book.objects.create(author=author)
        with pytest.raises(ProtectedError):
            author.delete()
        assert Author.objects.count() == 1
        assert Book.objects.filter(author=author).count() == 1


@proves(f"{SET}/set-null-needs-null")
@isolate_apps(APP)
def test_set_null_without_null_is_a_system_check_error() -> None:
    assert "fields.E320" in marked("set-null-needs-null")

    class Author(models.Model):
        Meta = meta()

    class Book(models.Model):
        author = models.ForeignKey(Author, on_delete=models.SET_NULL)

        Meta = meta()

    class FixedBook(models.Model):
        author = models.ForeignKey(Author, on_delete=models.SET_NULL, null=True)

        Meta = meta()

    [issue] = [issue for issue in Book.check() if issue.id == "fields.E320"]
    assert issue.level == checks.ERROR
    assert issue.msg == "Field specifies on_delete=SET_NULL, but cannot be null."
    assert "fields.E320" not in error_ids(FixedBook)
    assert FixedBook._meta.get_field("author").null is True  # null=True is not added for you


@proves(f"{SET}/related-name-access")
@isolate_apps(APP)
def test_related_name_replaces_the_set_accessor() -> None:
    assert marked("related-name-access") == "author.books.all()"

    class Author(models.Model):
        name = models.CharField(max_length=50)

        Meta = meta("mm_related_author")

    class Book(models.Model):
        author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")

        Meta = meta("mm_related_book")

    with tables(Author, Book):
        author = Author.objects.create(name="Ann")
        book = Book.objects.create(author=author)
        assert list(author.books.all()) == [book]  # the marked option
        assert not hasattr(author, "book_set")  # related_name replaced book_set
        assert not hasattr(author, "book_set")
        with pytest.raises(TypeError, match="not iterable"):
            list(author.books)  # a manager, not a list
        observed("django-models-migrations/related-name-access", "TypeError", "AttributeError")
        observed("django-models-migrations/related-name-access", "FieldError")
        with pytest.raises(FieldError):
            Book.objects.filter(books=author)  # Book has no books field


@proves(f"{SET}/reverse-accessor-clash")
@isolate_apps(APP)
def test_two_foreign_keys_to_one_model_clash_without_related_name() -> None:
    assert "fields.E304" in marked("reverse-accessor-clash")

    class Person(models.Model):
        Meta = meta()

    class Message(models.Model):
        sender = models.ForeignKey(Person, on_delete=models.CASCADE)
        recipient = models.ForeignKey(Person, on_delete=models.CASCADE)

        Meta = meta()

    class Letter(models.Model):
        sender = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sent")
        recipient = models.ForeignKey(Person, on_delete=models.CASCADE)

        Meta = meta()

    clashes = [issue for issue in Message.check() if issue.id == "fields.E304"]
    assert len(clashes) == 2
    assert all("Person.message_set" in issue.msg for issue in clashes)
    assert error_ids(Message) == {"fields.E304"}
    assert "fields.E304" not in error_ids(Letter)  # one related_name is enough


@proves(f"{SET}/unique-constraint-pair")
@isolate_apps(APP)
def test_unique_constraint_refuses_only_the_repeated_pair() -> None:
    assert marked("unique-constraint-pair") == "Line 3 raises IntegrityError."

    class Student(models.Model):
        Meta = meta("mm_student")

    class Course(models.Model):
        Meta = meta("mm_unique_course")

    class Enrolment(models.Model):
        student = models.ForeignKey(Student, on_delete=models.CASCADE)
        course = models.ForeignKey(Course, on_delete=models.CASCADE)

        Meta = meta(
            "mm_enrolment",
            constraints=[
                models.UniqueConstraint(
                    fields=["student", "course"], name="one_enrolment_per_course"
                )
            ],
        )

    with tables(Student, Course, Enrolment):
        ann = Student.objects.create()
        maths, physics = Course.objects.create(), Course.objects.create()
        Enrolment.objects.create(student=ann, course=maths)
        Enrolment.objects.create(student=ann, course=physics)  # a different pair is fine
        with pytest.raises(IntegrityError):  # not ValidationError: create() runs no validation
            Enrolment.objects.create(student=ann, course=maths)
        assert Enrolment.objects.count() == 2
        # The solution: full_clean() checks the constraint and raises ValidationError.
        with pytest.raises(ValidationError):
            Enrolment(student=ann, course=maths).full_clean()


@proves(f"{SET}/db-default-raw-insert")
@isolate_apps(APP)
def test_default_lives_in_python_and_db_default_in_the_table() -> None:
    assert "IntegrityError on status" in marked("db-default-raw-insert")

    class Ticket(models.Model):
        title = models.CharField(max_length=100)
        status = models.CharField(max_length=10, default="open")
        priority = models.IntegerField(db_default=3)

        Meta = meta("ticket")

    with tables(Ticket), connection.cursor() as cursor:
        with pytest.raises(IntegrityError, match=r"NOT NULL constraint failed: ticket\.status"):
            cursor.execute("INSERT INTO ticket (title) VALUES ('Bug')")
        cursor.execute("INSERT INTO ticket (title, status) VALUES ('Bug', 'open')")
        cursor.execute("SELECT status, priority FROM ticket")
        assert cursor.fetchall() == [("open", 3)]  # priority's DEFAULT is in the table
        ticket = Ticket.objects.create(title="Via the ORM")
        ticket.refresh_from_db()
        assert (ticket.status, ticket.priority) == ("open", 3)


@proves(f"{SET}/meta-ordering-replaced")
@isolate_apps(APP)
def test_order_by_replaces_meta_ordering() -> None:
    assert marked("meta-ordering-replaced") == "ORDER BY title only"

    class Post(models.Model):
        title = models.CharField(max_length=100)
        published = models.DateField()

        Meta = meta("mm_post", ordering=["-published"])

    default_sql = str(Post.objects.all().query)
    assert default_sql.endswith('ORDER BY "mm_post"."published" DESC')
    sql = str(Post.objects.order_by("title").query)
    assert sql.endswith('ORDER BY "mm_post"."title" ASC')
    assert sql.count("ORDER BY") == 1
    assert '"published" DESC' not in sql.split("ORDER BY")[1]
