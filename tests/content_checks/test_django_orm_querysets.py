"""Checks of the django-orm-querysets set: each snippet runs on SQLite with the set's models."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import FieldError, ObjectDoesNotExist
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.signals import post_save
from django.http import HttpResponse
from django.shortcuts import render
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from tests.content_checks.proving import proves
from tests.content_checks.querysetsapp.models import Article, Author, Book, Tag
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    letter_of,
    observed,
    only_the_answer_matches,
    option,
    refuted,
    solution_fix,
    solution_says,
)
from tests.content_checks.snippets import run_fragment

SET = "django-orm-querysets"
MODELS = {"Book": Book, "Author": Author, "Tag": Tag, "Article": Article, "F": F, "Q": Q}

pytestmark = pytest.mark.usefixtures("django_db")


def make_books(count: int, *, cheap: int = 0, distinct_authors: bool = False) -> list[Book]:
    shared = Author.objects.create(name="Ann")
    books = []
    for number in range(count):
        author = Author.objects.create(name=f"Author {number}") if distinct_authors else shared
        price = Decimal(5) if number < cheap else Decimal(20)
        books.append(Book.objects.create(title=f"Book {number}", price=price, author=author))
    return books


@proves(f"{SET}/lazy-queryset")
def test_chaining_a_queryset_runs_no_query() -> None:
    key = f"{SET}/lazy-queryset"
    make_books(3)
    ran = run_fragment(code_of(key), MODELS)
    assert ran.printed == "built"
    only_the_answer_matches(key, str(len(ran.queries)))
    with CaptureQueriesContext(connection) as evaluating:
        list(ran.namespace["qs"])
    assert len(evaluating.captured_queries) == 1


@proves(f"{SET}/chaining-returns-new")
def test_filter_returns_a_new_queryset_and_leaves_the_old_one() -> None:
    key = f"{SET}/chaining-returns-new"
    make_books(5, cheap=2)
    ran = run_fragment(code_of(key), MODELS)
    only_the_answer_matches(key, ran.printed)
    assert ran.printed == "5"
    assert len(ran.namespace["qs"].filter(price__lt=10)) == 2  # what reassigning would print


@proves(f"{SET}/get-missing-row")
def test_get_without_a_match_raises_does_not_exist() -> None:
    key = f"{SET}/get-missing-row"
    make_books(2)
    with pytest.raises(Book.DoesNotExist) as raised:
        run_fragment(code_of(key), MODELS)
    assert isinstance(raised.value, ObjectDoesNotExist)
    observed(key, "ObjectDoesNotExist")
    assert not isinstance(raised.value, Book.MultipleObjectsReturned)
    assert Book.objects.filter(isbn="000").first() is None  # A is first()'s behaviour
    assert Book.objects.filter(isbn="000").count() == 0  # C is filter()'s behaviour
    Book.objects.update(isbn="000")
    with pytest.raises(Book.MultipleObjectsReturned):  # D needs two or more matches
        run_fragment(code_of(key), MODELS)
    keyed_says(key, f"raises Book.{type(raised.value).__name__}")
    refuted(key, "returns None")
    refuted(key, "empty QuerySet")


@proves(f"{SET}/f-expression-increment")
def test_an_f_expression_increments_in_one_update() -> None:
    key = f"{SET}/f-expression-increment"
    article = Article.objects.create(views=10)
    names = {**MODELS, "pk": article.pk}
    ran = run_fragment(option(key, answer_letter(key)), names)
    assert len(ran.queries) == 1
    assert ran.queries[0].startswith("UPDATE")
    assert '"views" + 1' in ran.queries[0]  # the arithmetic happens in the database
    article.refresh_from_db()
    assert article.views == 11
    # A: read, add, save is two queries, and two requests that read together lose an update.
    ran = run_fragment(option(key, letter_of(key, "a = Article.objects.get")), names)
    assert [sql.split()[0] for sql in ran.queries] == ["SELECT", "UPDATE"]
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.views += 1
    first.save()
    second.views += 1
    second.save()
    article.refresh_from_db()
    assert article.views == 13  # 12 + 1 twice, yet it shows 13, not 14
    with pytest.raises(TypeError):  # B: "views" + 1
        run_fragment(option(key, letter_of(key, '"views" + 1')), names)
    with pytest.raises(NameError):  # C: views + 1
        run_fragment(option(key, letter_of(key, "views=views + 1")), names)
    observed(key, "TypeError", "NameError")


@proves(f"{SET}/q-objects-or")
def test_q_objects_are_ored_inside_and_anded_with_keyword_arguments() -> None:
    key = f"{SET}/q-objects-or"
    ann, bob = Author.objects.create(name="Ann"), Author.objects.create(name="Bob")
    rows = {
        "cheap published": (Decimal(5), True, bob),
        "ann published": (Decimal(30), True, ann),
        "cheap unpublished": (Decimal(5), False, bob),
        "ann unpublished": (Decimal(30), False, ann),
        "neither": (Decimal(30), True, bob),
    }
    for title, (price, published, author) in rows.items():
        Book.objects.create(title=title, price=price, published=published, author=author)
    source = code_of(key)
    ran = run_fragment(f"result = {source.split(chr(10), 2)[2]}", MODELS)
    assert sorted(book.title for book in ran.namespace["result"]) == [
        "ann published",
        "cheap published",
    ]  # A: published AND (cheap OR by Ann); B would also return the unpublished ones
    swapped = "Book.objects.filter(published=True, Q(price__lt=10) | Q(author__name='Ann'))"
    with pytest.raises(SyntaxError, match="positional argument follows keyword argument"):
        compile(swapped, "<snippet>", "eval")
    keyed_says(key, "Published books that either cost less than 10 or are written by Ann")
    refuted(key, "Books that are published, or cost less than 10")


@proves(f"{SET}/select-vs-prefetch")
def test_select_related_for_the_fk_and_prefetch_related_for_m2m_take_two_queries() -> None:
    key = f"{SET}/select-vs-prefetch"
    tags = [Tag.objects.create(name=name) for name in ("x", "y")]
    for book in make_books(4, distinct_authors=True):
        book.tags.set(tags)

    def queries_to_list(letter: str) -> int:
        expression = option(key, letter).split(", because")[0]
        with CaptureQueriesContext(connection) as captured:
            books = eval(expression, MODELS)
            for book in books:
                _ = book.author.name, [tag.name for tag in book.tags.all()]
        return len(captured.captured_queries)

    with pytest.raises(FieldError, match="Invalid field name"):
        queries_to_list(letter_of(key, 'select_related("author", "tags")'))
    observed(key, "FieldError")
    assert queries_to_list(letter_of(key, 'prefetch_related("author", "tags")')) == 3
    assert queries_to_list(letter_of(key, "Book.objects.all()")) == 1 + 2 * 4
    assert queries_to_list(answer_letter(key)) == 2  # the fewest: only the key
    keyed_says(key, 'select_related("author").prefetch_related("tags")')


@proves(f"{SET}/n-plus-one")
def test_an_unloaded_foreign_key_in_a_loop_costs_one_query_per_row() -> None:
    key = f"{SET}/n-plus-one"
    make_books(50, distinct_authors=True)
    source = code_of(key)
    view_source, _, template_comment = source.partition("# books.html\n")
    template = "".join(line.removeprefix("# ") for line in template_comment.splitlines(True))
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {"books.html": template})]
            },
        }
    ]
    names = {**MODELS, "render": render}
    request = RequestFactory().get("/books/")

    def page_queries(view_code: str) -> tuple[int, str]:
        ran = run_fragment(view_code, names)
        with override_settings(TEMPLATES=templates), CaptureQueriesContext(connection) as captured:
            response: HttpResponse = ran.namespace["book_list"](request)
        return len(captured.captured_queries), response.content.decode()

    count, page = page_queries(view_source)
    assert count == 51
    assert "Book 49 by Author 49" in page
    fixed_count, fixed_page = page_queries(
        view_source.replace(
            "Book.objects.all()", "Book.objects." + solution_fix(key, 'select_related("author")')
        )
    )
    assert (fixed_count, fixed_page) == (1, page)  # the keyed fix
    solution_says(key, f"Total {count}", f"down to {fixed_count} query")
    with pytest.raises(ValueError, match="does not resolve to an item that supports prefetching"):
        page_queries(
            view_source.replace("Book.objects.all()", 'Book.objects.prefetch_related("title")')
        )
    observed(key, "ValueError")
    only_count, _ = page_queries(
        view_source.replace("Book.objects.all()", 'Book.objects.only("title")')
    )
    assert only_count == 1 + 2 * 50  # D: only() adds a query per row for author_id
    keyed_says(key, f"{count} queries", 'use Book.objects.select_related("author")')
    refuted(key, "1 query")


@proves(f"{SET}/values-vs-values-list")
def test_values_gives_dicts_values_list_tuples_and_flat_bare_values() -> None:
    key = f"{SET}/values-vs-values-list"
    author = Author.objects.create(name="Frank")
    Book.objects.create(title="Dune", author=author)
    Book.objects.create(title="Emma", author=author)
    only_the_answer_matches(key, run_fragment(code_of(key), MODELS).printed)
    with pytest.raises(TypeError, match="flat"):
        Book.objects.values_list("title", "isbn", flat=True)
    observed(key, "TypeError")


@proves(f"{SET}/aggregate-vs-annotate")
def test_aggregate_returns_a_dict_and_annotate_a_queryset() -> None:
    key = f"{SET}/aggregate-vs-annotate"
    make_books(3)
    ran = run_fragment(code_of(key), {**MODELS, "Count": Count})
    only_the_answer_matches(key, ran.printed)
    assert ran.namespace["x"] == {"n": 3}
    assert len(ran.queries) == 1  # aggregate() ran at once; annotate() stayed lazy
    assert [author.n for author in ran.namespace["y"]] == [3]


@proves(f"{SET}/update-skips-save")
def test_update_runs_one_statement_without_save_signals_or_auto_now() -> None:
    key = f"{SET}/update-skips-save"
    books = make_books(3)
    Book.objects.filter(pk__in=[books[0].pk, books[1].pk]).update(on_sale=True)
    before = {book.pk: book.updated for book in Book.objects.all()}
    saved: list[int] = []

    def on_save(sender: type[Book], instance: Book, **kwargs: object) -> None:
        saved.append(instance.pk)

    post_save.connect(on_save, sender=Book)
    try:
        ran = run_fragment(code_of(key), MODELS)
    finally:
        post_save.disconnect(on_save, sender=Book)
    assert len(ran.queries) == 1
    assert ran.queries[0].startswith("UPDATE")
    assert saved == []
    after = {book.pk: (book.updated, book.price) for book in Book.objects.all()}
    assert {pk: updated for pk, (updated, _) in after.items()} == before
    assert sorted(price for _, price in after.values()) == [10, 10, 20]
    keyed_says(
        key,
        "One SQL UPDATE runs",
        "save() is not called, post_save does not fire and updated is left unchanged",
    )
    refuted(key, "post_save fires once for the whole QuerySet")
    refuted(key, "updated is refreshed")


@proves(f"{SET}/queryset-cache-count")
def test_only_full_evaluation_fills_the_result_cache() -> None:
    key = f"{SET}/queryset-cache-count"
    make_books(3)
    ran = run_fragment(code_of(key), MODELS)
    only_the_answer_matches(key, str(len(ran.queries)))
    assert [sql.split()[0] for sql in ran.queries] == ["SELECT"] * 4
    assert ran.namespace["again"] is True
    assert ran.namespace["total"] == 3


@proves(f"{SET}/bulk-create-signals")
def test_bulk_create_inserts_without_sending_post_save() -> None:
    key = f"{SET}/bulk-create-signals"
    ran = run_fragment(code_of(key), MODELS)
    try:
        only_the_answer_matches(key, ran.printed)
        assert sorted(Tag.objects.values_list("name", flat=True)) == ["a", "b"]
        Tag.objects.create(name="c")  # the receiver does fire for save()
    finally:
        post_save.disconnect(ran.namespace["on_save"], sender=Tag)
