"""Explanation fragments that do not run as written, each with the reason (fragment_marks.py).

Keyed by ``(set-id/question-id, fragment as written)``; a fragment that states an outcome is
written with it (``count() is 2``: verb ``is`` or ``raises``), so a changed value is not excused.
A rule in ``fragment_marks.RULES`` covers whole kinds (names, pseudo-code, call shapes); this
lists the rest, one by one. An entry for a fragment that states an outcome names the check that
runs that outcome instead: the code behind it needs a model, a database row or a request that
only the check builds.
"""

from __future__ import annotations

REGISTRY: dict[tuple[str, str], str] = {
    # Django: models, rows, requests and settings the question's own code cannot build alone.
    ("django-async-channels/async-view-definition", "ping(request) raises TypeError"): (
        "option D's ping() takes no request: "
        "test_an_async_view_is_an_async_def_taking_the_request calls it with one"
    ),
    ("django-async-channels/sync-orm-in-async-view", 'await Post.objects.alatest("created")'): (
        "needs the Post model and a row: test_the_sync_orm_refuses_to_run_in_an_async_view"
    ),
    ("django-async-channels/sync-orm-in-async-view", "latest() raises SynchronousOnlyOperation"): (
        "a QuerySet method called in an event loop: "
        "test_the_sync_orm_refuses_to_run_in_an_async_view sees SynchronousOnlyOperation"
    ),
    (
        "django-async-channels/lazy-fk-async",
        'await Book.objects.select_related("author").aget(pk=pk)',
    ): "needs the Book model and a row: test_a_lazy_foreign_key_is_refused_in_async_code",
    ("django-forms-validation/unbound-form-invalid", "ContactForm(data={})"): (
        "ContactForm is the question's form; test_unbound_form_is_invalid_without_errors binds it "
        "to {} and asserts its errors"
    ),
    ("django-forms-validation/clean-raise-non-field", "is_valid() is False"): (
        "feedback D's form is never built in the code; "
        "test_error_raised_in_clean_is_a_non_field_error asserts is_valid() is False"
    ),
    ("django-forms-validation/save-m2m", "count() is 0"): (
        "post.tags.count() needs the Post/Tag models and rows: "
        "test_commit_false_saves_nothing_and_m2m_needs_save_m2m asserts 0"
    ),
    ("django-forms-validation/modelform-unique-validation", "is_valid() is False"): (
        "a ModelForm over a saved Book row: "
        "test_modelform_validates_unique_fields_against_the_database asserts False"
    ),
    ("django-models-migrations/runpython-historical-model", "slugify(course.title)"): (
        "the body of the migration function, over a course row the migration reads"
    ),
    (
        "django-models-migrations/runpython-irreversible",
        "RunPython(fill_slugs, migrations.RunPython.noop)",
    ): "a migration operation: test_runpython_without_reverse_code_cannot_be_unapplied runs it",
    (
        "django-models-migrations/unique-constraint-pair",
        'UniqueConstraint(fields=["student", "course"])',
    ): (
        "a Meta.constraints entry shown without its name=: "
        "test_unique_constraint_refuses_only_the_repeated_pair builds it"
    ),
    ("django-orm-querysets/get-missing-row", "filter().first()"): (
        "a QuerySet chain named without the manager (Book.objects.filter(...).first())"
    ),
    ("django-orm-querysets/n-plus-one", 'prefetch_related("title") raises ValueError'): (
        "a QuerySet method named without its QuerySet: "
        "test_an_unloaded_foreign_key_in_a_loop_costs_one_query_per_row sees its ValueError"
    ),
    ("django-orm-querysets/n-plus-one", "prefetch_related('title') raises ValueError"): (
        'the same call as prefetch_related("title"), quoted the other way (see above)'
    ),
    ("django-orm-querysets/bulk-create-signals", "count() is 2"): (
        "a count over the rows bulk_create() inserted: "
        "test_bulk_create_inserts_without_sending_post_save asserts 2"
    ),
    ("django-request-lifecycle/view-returns-none", 'redirect("login")'): (
        "needs a URL named login, which the question's project has and the checks' does not"
    ),
    ("asgi-vs-wsgi/asgi-body-in-scope", 'scope["body"] raises KeyError'): (
        "scope is the ASGI app's parameter: test_an_asgi_request_body_comes_from_receive_not_the_"
        "scope calls the app and sees KeyError"
    ),
    ("asgi-vs-wsgi/asgi-body-in-scope", "scope['body'] raises KeyError"): (
        'the same as scope["body"] (see above)'
    ),
    ("django-forms-validation/clean-field-missing-return", 'cleaned_data["email"] is None'): (
        'short for form.cleaned_data["email"], which the code prints: '
        "test_clean_field_without_return_stores_none sees None"
    ),
    ("django-forms-validation/field-order-keyerror", 'cleaned_data["password"] raises KeyError'): (
        "self.cleaned_data inside clean_confirm(): test_clean_field_runs_in_declaration_order "
        "sees the KeyError"
    ),
    ("django-forms-validation/commit-false-unsaved", "post.pk is None"): (
        "post is an unsaved model instance: test_commit_false_saves_nothing_and_m2m_needs_save_m2m"
        " sees None"
    ),
    ("django-models-migrations/charfield-implicit-default", "p.nickname is ''"): (
        "p is a row read back from the database: "
        "test_charfield_without_default_saves_an_empty_string prints repr(p.nickname)"
    ),
    ("django-models-migrations/related-name-access", "author.book_set raises AttributeError"): (
        "author is a saved row of a model with related_name: "
        "test_related_name_replaces_the_set_accessor sees AttributeError"
    ),
    # Python: abbreviations of a call the text has just described.
    ("python-asyncio/coroutine-not-awaited", 'type(...).__name__ is "coroutine"'): (
        "'...' stands for greet(): test_calling_a_coroutine_function_only_creates_a_coroutine "
        "asserts the name is coroutine"
    ),
    ("python-data-model/default-equality", "object.__eq__ is True"): (
        '"returns True only when both are the same object": a rule, not a value; '
        "test_default_equality_is_identity"
    ),
    ("python-asyncio/asyncio-run-entry", "asyncio.run(main())"): (
        "main is the program's coroutine function, which the question has no code for"
    ),
    ("python-asyncio/semaphore-limit", "ceil(jobs / limit)"): (
        "a formula over the question's quantities (5 jobs, limit 2), not names the code defines"
    ),
    ("python-data-model/container-uses-repr", "Tag({self.name!r})"): (
        'the inside of the f-string f"Tag({self.name!r})" the text quotes, not a call'
    ),
    ("python-data-model/eq-removes-hash", "hash((self.x, self.y))"): (
        "the body of a __hash__ method the text suggests: self is its instance"
    ),
    ("python-data-model/sum-without-radd", "sum(items, Cents(0))"): (
        "items is the list of Cents the text means; the code builds it inline in sum()"
    ),
    ("python-decorators-closures/recursion-through-wrapper", "calls(n - 1)"): (
        "calls(n) is the text's recurrence for the call count, not a function: "
        "test_recursive_calls_go_through_the_wrapper counts the calls"
    ),
    ("python-decorators-closures/recursion-through-wrapper", "calls(n - 2)"): "see calls(n - 1)",
    ("python-decorators-closures/recursion-through-wrapper", "calls(0)"): "see calls(n - 1)",
    ("python-decorators-closures/recursion-through-wrapper", "calls(1)"): "see calls(n - 1)",
    ("python-decorators-closures/recursion-through-wrapper", "calls(2)"): "see calls(n - 1)",
    ("python-decorators-closures/recursion-through-wrapper", "calls(3)"): "see calls(n - 1)",
    ("python-decorators-closures/recursion-through-wrapper", "calls(4)"): "see calls(n - 1)",
    ("python-iterators-generators/lazy-syntax", "(n * n for n in data)"): (
        "option B over the options' data: test_only_the_generator_expression_is_lazy runs it"
    ),
    ("python-iterators-generators/yield-from-return", 'inner() is "done"'): (
        '"returns" is the generator\'s return value (StopIteration.value): '
        "test_yield_from_evaluates_to_the_return_value asserts it is done"
    ),
    ("python-iterators-generators/close-runs-finally", "close() raises GeneratorExit"): (
        "GeneratorExit is raised inside the generator at its paused yield, not out of close(): "
        "test_close_runs_finally_and_finishes_the_generator"
    ),
    # pytest: fixtures exist only inside a test.
    (
        "testing-with-pytest/monkeypatch-where-used",
        'monkeypatch.setattr(report, "fetch_temp", lambda: 21)',
    ): "monkeypatch is a fixture: test_monkeypatch_must_patch_the_name_the_code_looks_up runs it",
    ("testing-with-pytest/monkeypatch-undo", "os.environ.get is None"): (
        'os.environ.get("APP_MODE") of the second test, named without its argument: '
        "test_monkeypatch_undoes_setenv_after_the_test sees None"
    ),
    ("testing-with-pytest/monkeypatch-undo", "os.environ.get() is None"): (
        "os.environ.get() named for any missing key: "
        "test_monkeypatch_undoes_setenv_after_the_test sees None"
    ),
}
