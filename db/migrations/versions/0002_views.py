"""views for SQL users: event_overview, event_parties, article_events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EVENT_PARTIES = """
CREATE VIEW event_parties AS
SELECT ec.event_id, ec.role, c.id AS company_id, c.key AS company_key, c.name AS company,
       c.name_zh AS company_zh, c.country, c.segment, c.discovered, ec.mention
FROM event_companies ec JOIN companies c ON c.id = ec.company_id
"""

ARTICLE_EVENTS = """
CREATE VIEW article_events AS
SELECT a.id AS article_id, a.url, a.title, a.published, a.language, s.name AS source,
       m.event_id, e.type, e.status, m.status AS reported_status,
       m.amount_value AS reported_amount, m.amount_currency AS reported_currency,
       m.evidence, m.evidence_start, m.evidence_end
FROM event_mentions m
JOIN articles a ON a.id = m.article_id
JOIN events e ON e.id = m.event_id
LEFT JOIN sources s ON s.id = a.source_id
"""

OVERVIEW = """
CREATE VIEW event_overview AS
SELECT e.id, e.type, e.status, e.event_date, e.amount_value, e.amount_max, e.amount_currency,
       e.amount_qualifier, e.amount_usd, e.fx_rate, e.fx_rate_date, e.fx_source,
       (SELECT {agg} FROM event_companies ec JOIN companies c ON c.id = ec.company_id
         WHERE ec.event_id = e.id) AS companies,
       (SELECT count(*) FROM event_mentions m WHERE m.event_id = e.id) AS mentions,
       (SELECT min(a.published) FROM event_mentions m JOIN articles a ON a.id = m.article_id
         WHERE m.event_id = e.id) AS first_reported,
       e.details, e.first_seen, e.last_updated
FROM events e
"""
AGG = {
    "sqlite": "group_concat(ec.role || ': ' || c.name, '; ')",
    "postgresql": "string_agg(ec.role || ': ' || c.name, '; ' ORDER BY ec.role, c.name)",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(EVENT_PARTIES)
    op.execute(ARTICLE_EVENTS)
    op.execute(OVERVIEW.format(agg=AGG.get(dialect, AGG["postgresql"])))


def downgrade() -> None:
    for view in ("event_overview", "article_events", "event_parties"):
        op.execute(f"DROP VIEW IF EXISTS {view}")
