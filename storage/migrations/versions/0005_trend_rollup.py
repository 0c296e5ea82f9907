"""trends rollup: articles and mentions per entity, local day (UTC+8) and source, kept by triggers

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Triggers rather than the store step: every writer (store step, CLI ingest, a hand-run SQL fix, an
# article deleted by housekeeping) keeps the rollup exact, and the tests compare it with the mentions.
# The day is the publication date at UTC+8 (storage.archive_models.ROLLUP_UTC_OFFSET).
#  - a mention inserted: +1 mention, +1 article if it is the entity's first mention in the article;
#  - a mention deleted: the reverse (the article row still exists: see the article delete trigger);
#  - an article's date or source changed: its contributions move from the old key to the new one;
#  - an article deleted: its mentions are deleted first, through the mention trigger, because ON DELETE
#    CASCADE would remove them after the article row, when their day and source can no longer be read.
SQLITE_DAY = "date({}, '+480 minutes')"
SQLITE = [
    f"""CREATE TRIGGER entity_day_mention_ai AFTER INSERT ON mention BEGIN
         INSERT INTO entity_day_count (entity_id, day, source_id, articles, mentions)
         SELECT new.entity_id, {SQLITE_DAY.format("a.published_at")}, a.source_id,
                (SELECT count(*) FROM mention m WHERE m.article_id = new.article_id AND m.entity_id = new.entity_id) = 1,
                1
         FROM article a WHERE a.id = new.article_id
         ON CONFLICT (entity_id, day, source_id) DO UPDATE
           SET articles = articles + excluded.articles, mentions = mentions + 1;
       END""",
    f"""CREATE TRIGGER entity_day_mention_ad AFTER DELETE ON mention BEGIN
         UPDATE entity_day_count
           SET mentions = mentions - 1,
               articles = articles - NOT EXISTS (
                 SELECT 1 FROM mention m WHERE m.article_id = old.article_id AND m.entity_id = old.entity_id)
         WHERE entity_id = old.entity_id
           AND (day, source_id) = (SELECT {SQLITE_DAY.format("published_at")}, source_id
                                   FROM article WHERE id = old.article_id);
         DELETE FROM entity_day_count WHERE entity_id = old.entity_id AND mentions <= 0;
       END""",
    f"""CREATE TRIGGER entity_day_article_au AFTER UPDATE OF published_at, source_id ON article
       WHEN {SQLITE_DAY.format("old.published_at")} IS NOT {SQLITE_DAY.format("new.published_at")}
         OR old.source_id IS NOT new.source_id
       BEGIN
         UPDATE entity_day_count
           SET articles = articles - 1,
               mentions = mentions - (SELECT count(*) FROM mention m
                                      WHERE m.article_id = new.id AND m.entity_id = entity_day_count.entity_id)
         WHERE day = {SQLITE_DAY.format("old.published_at")} AND source_id = old.source_id
           AND entity_id IN (SELECT entity_id FROM mention WHERE article_id = new.id);
         DELETE FROM entity_day_count
         WHERE day = {SQLITE_DAY.format("old.published_at")} AND source_id = old.source_id AND mentions <= 0;
         INSERT INTO entity_day_count (entity_id, day, source_id, articles, mentions)
         SELECT entity_id, {SQLITE_DAY.format("new.published_at")}, new.source_id, 1, count(*)
         FROM mention WHERE article_id = new.id GROUP BY entity_id
         ON CONFLICT (entity_id, day, source_id) DO UPDATE
           SET articles = articles + 1, mentions = mentions + excluded.mentions;
       END""",
    """CREATE TRIGGER entity_day_article_bd BEFORE DELETE ON article BEGIN
         DELETE FROM mention WHERE article_id = old.id;
       END""",
]
PG_DAY = "(({} AT TIME ZONE 'UTC') + interval '8 hours')::date"
POSTGRES = [
    f"""CREATE FUNCTION gbawatch_entity_day_mention() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         the_day date;
         the_source integer;
       BEGIN
         IF TG_OP = 'INSERT' THEN
           SELECT {PG_DAY.format("published_at")}, source_id INTO the_day, the_source
             FROM article WHERE id = NEW.article_id;
           INSERT INTO entity_day_count (entity_id, day, source_id, articles, mentions)
           VALUES (NEW.entity_id, the_day, the_source,
                   CASE WHEN EXISTS (SELECT 1 FROM mention m WHERE m.article_id = NEW.article_id
                                       AND m.entity_id = NEW.entity_id AND m.id <> NEW.id) THEN 0 ELSE 1 END,
                   1)
           ON CONFLICT (entity_id, day, source_id) DO UPDATE
             SET articles = entity_day_count.articles + excluded.articles,
                 mentions = entity_day_count.mentions + 1;
         ELSE
           SELECT {PG_DAY.format("published_at")}, source_id INTO the_day, the_source
             FROM article WHERE id = OLD.article_id;
           UPDATE entity_day_count
             SET mentions = mentions - 1,
                 articles = articles - CASE WHEN EXISTS (SELECT 1 FROM mention m WHERE m.article_id = OLD.article_id
                                                           AND m.entity_id = OLD.entity_id) THEN 0 ELSE 1 END
           WHERE entity_id = OLD.entity_id AND day = the_day AND source_id = the_source;
           DELETE FROM entity_day_count
           WHERE entity_id = OLD.entity_id AND day = the_day AND source_id = the_source AND mentions <= 0;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER entity_day_mention AFTER INSERT OR DELETE ON mention
       FOR EACH ROW EXECUTE FUNCTION gbawatch_entity_day_mention()""",
    f"""CREATE FUNCTION gbawatch_entity_day_article() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           DELETE FROM mention WHERE article_id = OLD.id;
           RETURN OLD;
         END IF;
         IF {PG_DAY.format("OLD.published_at")} IS DISTINCT FROM {PG_DAY.format("NEW.published_at")}
            OR OLD.source_id IS DISTINCT FROM NEW.source_id THEN
           UPDATE entity_day_count d
             SET articles = d.articles - 1, mentions = d.mentions - m.n
             FROM (SELECT entity_id, count(*) AS n FROM mention WHERE article_id = NEW.id GROUP BY entity_id) m
           WHERE d.entity_id = m.entity_id AND d.day = {PG_DAY.format("OLD.published_at")}
             AND d.source_id = OLD.source_id;
           DELETE FROM entity_day_count
           WHERE day = {PG_DAY.format("OLD.published_at")} AND source_id = OLD.source_id AND mentions <= 0;
           INSERT INTO entity_day_count (entity_id, day, source_id, articles, mentions)
           SELECT entity_id, {PG_DAY.format("NEW.published_at")}, NEW.source_id, 1, count(*)
           FROM mention WHERE article_id = NEW.id GROUP BY entity_id
           ON CONFLICT (entity_id, day, source_id) DO UPDATE
             SET articles = entity_day_count.articles + 1, mentions = entity_day_count.mentions + excluded.mentions;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER entity_day_article_bd BEFORE DELETE ON article
       FOR EACH ROW EXECUTE FUNCTION gbawatch_entity_day_article()""",
    """CREATE TRIGGER entity_day_article_au AFTER UPDATE OF published_at, source_id ON article
       FOR EACH ROW EXECUTE FUNCTION gbawatch_entity_day_article()""",
]


def upgrade() -> None:
    op.create_table(
        "entity_day_count",
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"], name=op.f("fk_entity_day_count_entity_id_entity"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], name=op.f("fk_entity_day_count_source_id_source"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("entity_id", "day", "source_id", name=op.f("pk_entity_day_count")),
        sqlite_with_rowid=False,  # clustered by entity and day (storage.archive_models.EntityDayCount)
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    day = PG_DAY.format("a.published_at") if postgres else SQLITE_DAY.format("a.published_at")
    # What is already stored, counted once; the triggers keep it from here on.
    op.execute(
        "INSERT INTO entity_day_count (entity_id, day, source_id, articles, mentions) "
        f"SELECT m.entity_id, {day}, a.source_id, count(DISTINCT m.article_id), count(*) "
        "FROM mention m JOIN article a ON a.id = m.article_id "
        f"GROUP BY m.entity_id, {day}, a.source_id"
    )
    for statement in POSTGRES if postgres else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS entity_day_mention ON mention")
        op.execute("DROP TRIGGER IF EXISTS entity_day_article_bd ON article")
        op.execute("DROP TRIGGER IF EXISTS entity_day_article_au ON article")
        op.execute("DROP FUNCTION IF EXISTS gbawatch_entity_day_mention()")
        op.execute("DROP FUNCTION IF EXISTS gbawatch_entity_day_article()")
    else:
        for name in ("entity_day_mention_ai", "entity_day_mention_ad", "entity_day_article_au", "entity_day_article_bd"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("entity_day_count")
