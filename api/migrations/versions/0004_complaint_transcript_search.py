"""Complaints keep the chatbot transcript and the NLU's category prediction; on PostgreSQL, trigram indexes for the
console's text search (description, location).

Revises: 0003
Create Date: 2026-12-04 07:20:00
"""

import logging

import sqlalchemy as sa
from alembic import op

log = logging.getLogger("alembic.runtime.migration")


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# LIKE '%...%' cannot use a b-tree index; a pg_trgm GIN index serves LIKE and ILIKE for searches of three or more
# characters (Hangul counts as a word character only where the database's LC_CTYPE is not C, e.g. C.UTF-8 or
# ko_KR.UTF-8). SQLite keeps its plain LIKE scan. Listed in api.models.POSTGRESQL_ONLY_INDEXES.
TRIGRAM_INDEXES = {"ix_complaints_description_trgm": "description", "ix_complaints_location_trgm": "location"}


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transcript", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("prediction", sa.JSON(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        ctype = bind.exec_driver_sql("SELECT datctype FROM pg_database WHERE datname = current_database()").scalar()
        if ctype in ("C", "POSIX"):
            log.warning(
                "database LC_CTYPE is %s: the trigram indexes cannot index Korean text, so the console "
                "searches complaints by a full scan; create the database with LC_CTYPE C.UTF-8",
                ctype,
            )
        for name, column in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON complaints USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        # The extension stays: other objects of the database may use it.
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("prediction")
        batch_op.drop_column("transcript")
