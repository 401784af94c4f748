"""The database schema, as numbered sqlite-utils migrations.

Migrations only ever get appended: a database records the ones it has applied in
``_sqlite_migrations`` and :func:`migrate` runs the rest, each in its own transaction.

1. ``0001_articles_and_highlights`` – the two tables. ``highlights.tags`` is a JSON array (the
   form the API uses); ``uid`` identifies a highlight across export/import.
2. ``0002_search`` – full-text search and the tag index, kept current by triggers:
   ``highlights_fts`` (exact, note, tags) and ``articles_fts`` (title, text) are FTS5
   external-content tables, so the text is stored once; ``highlight_tags`` is a normalised copy
   of the tags (lower-cased) with an index, so ``tag:x`` is an index lookup rather than a JSON
   scan. Existing rows are indexed when the migration runs.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

COLORS = ("yellow", "green", "blue", "pink", "purple")
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_PREFIX = "2 3 4"
HIGHLIGHT_RANK = "bm25(10.0, 4.0, 2.0)"
"""bm25 column weights for (exact, note, tags): the quote counts most, then the note."""
ARTICLE_RANK = "bm25(8.0, 1.0)"
"""bm25 column weights for (title, text)."""

migrations = Migrations("readmode")


@migrations(name="0001_articles_and_highlights")
def articles_and_highlights(db: Database) -> None:
    color_list = ", ".join(f"'{color}'" for color in COLORS)
    db.executescript(
        f"""
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            normalized_url TEXT NOT NULL UNIQUE,
            canonical_url TEXT,
            host TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            byline TEXT,
            site_name TEXT,
            published TEXT,
            lang TEXT,
            dir TEXT NOT NULL DEFAULT 'ltr' CHECK (dir IN ('ltr', 'rtl')),
            excerpt TEXT,
            lead_image_url TEXT,
            content_html TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            word_count INTEGER NOT NULL DEFAULT 0,
            reading_minutes INTEGER NOT NULL DEFAULT 0,
            saved_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_updated_at ON articles (updated_at);
        CREATE INDEX articles_host ON articles (host);

        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" >= start),
            color TEXT NOT NULL DEFAULT 'yellow' CHECK (color IN ({color_list})),
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            orphan INTEGER NOT NULL DEFAULT 0 CHECK (orphan IN (0, 1))
        );
        CREATE INDEX highlights_article ON highlights (article_id, start);
        CREATE INDEX highlights_created_at ON highlights (created_at);
        """
    )


@migrations(name="0002_search")
def search_indexes(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE highlight_tags (
            tag TEXT NOT NULL,
            highlight_id INTEGER NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
            PRIMARY KEY (tag, highlight_id)
        ) WITHOUT ROWID;
        CREATE INDEX highlight_tags_highlight ON highlight_tags (highlight_id);
        INSERT OR IGNORE INTO highlight_tags (tag, highlight_id)
            SELECT lower(t.value), h.id FROM highlights AS h, json_each(h.tags) AS t;

        CREATE TRIGGER highlight_tags_insert AFTER INSERT ON highlights BEGIN
            INSERT OR IGNORE INTO highlight_tags (tag, highlight_id)
                SELECT lower(value), new.id FROM json_each(new.tags);
        END;
        CREATE TRIGGER highlight_tags_update AFTER UPDATE OF tags ON highlights BEGIN
            DELETE FROM highlight_tags WHERE highlight_id = old.id;
            INSERT OR IGNORE INTO highlight_tags (tag, highlight_id)
                SELECT lower(value), new.id FROM json_each(new.tags);
        END;
        -- The foreign key cascades too, but only on connections with foreign_keys=ON.
        CREATE TRIGGER highlight_tags_delete AFTER DELETE ON highlights BEGIN
            DELETE FROM highlight_tags WHERE highlight_id = old.id;
        END;

        CREATE VIRTUAL TABLE highlights_fts USING fts5 (
            exact, note, tags,
            content = 'highlights', content_rowid = 'id',
            tokenize = '{FTS_TOKENIZE}', prefix = '{FTS_PREFIX}'
        );
        CREATE TRIGGER highlights_fts_insert AFTER INSERT ON highlights BEGIN
            INSERT INTO highlights_fts (rowid, exact, note, tags)
                VALUES (new.id, new.exact, new.note, new.tags);
        END;
        CREATE TRIGGER highlights_fts_delete AFTER DELETE ON highlights BEGIN
            INSERT INTO highlights_fts (highlights_fts, rowid, exact, note, tags)
                VALUES ('delete', old.id, old.exact, old.note, old.tags);
        END;
        CREATE TRIGGER highlights_fts_update AFTER UPDATE OF exact, note, tags ON highlights BEGIN
            INSERT INTO highlights_fts (highlights_fts, rowid, exact, note, tags)
                VALUES ('delete', old.id, old.exact, old.note, old.tags);
            INSERT INTO highlights_fts (rowid, exact, note, tags)
                VALUES (new.id, new.exact, new.note, new.tags);
        END;
        INSERT INTO highlights_fts (highlights_fts) VALUES ('rebuild');
        INSERT INTO highlights_fts (highlights_fts, rank) VALUES ('rank', '{HIGHLIGHT_RANK}');

        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text,
            content = 'articles', content_rowid = 'id',
            tokenize = '{FTS_TOKENIZE}', prefix = '{FTS_PREFIX}'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
                VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
                VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', '{ARTICLE_RANK}');
        """
    )


def migrate(db: Database, *, stop_before: str | None = None) -> None:
    """Apply pending migrations (``stop_before`` exists for upgrade tests)."""
    migrations.apply(db, stop_before=stop_before)
