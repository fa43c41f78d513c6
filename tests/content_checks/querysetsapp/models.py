"""The models the django-orm-querysets set names in its comment, plus async-channels' Post."""

from __future__ import annotations

from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    views = models.IntegerField(default=0)


class Book(models.Model):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, blank=True)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=20)
    published = models.BooleanField(default=True)
    on_sale = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag, blank=True)

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    title = models.CharField(max_length=200)
    created = models.DateTimeField()
