"""Store URLs: which ones name a PostgreSQL server, and how to print them without the password."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

#: URL schemes that open the PostGIS store.
SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")


def is_postgres_url(url: str) -> bool:
    """True for ``postgresql://``, ``postgresql+psycopg://`` and ``postgres://`` URLs."""
    return url.split("://", 1)[0].lower() in SCHEMES and "://" in url


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
