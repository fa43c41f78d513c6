"""The PostgreSQL backend: a shared server for many bot processes, through asyncpg."""
