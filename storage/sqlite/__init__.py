"""The SQLite backend: the embedded default (a file, or ":memory:")."""
