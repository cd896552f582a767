"""Anchor for the million_rows benchmark: lesson-06's two constraint changes done by Alembic's
batch mode, the way an Alembic project on SQLite does them (`render_as_batch`), on the same
lesson-05-stage database the workbook rebuilds:

    python3 rebuild_alembic.py DATABASE

`op.batch_alter_table(..., recreate="always")` reflects the table, creates the new one, copies
the rows, drops the old and renames: SQLite's rebuild. It runs no foreign-key check (and keeps
the old unnamed foreign key beside the new named one), which the workbook's rebuild does.
Operations run on a MigrationContext directly, without an alembic.ini or versions folder.
Written for this project; needs `pip install "sqlalchemy>=2.0,<2.1" alembic`.
"""

import sys

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import TIMESTAMP, Column, Text, create_engine, text

NOW = text("CURRENT_TIMESTAMP")


def timestamps(batch):
    batch.add_column(Column("created_at", TIMESTAMP, nullable=False, server_default=NOW))
    batch.add_column(Column("updated_at", TIMESTAMP, nullable=False, server_default=NOW))


def trigger(op, table):
    op.execute(
        f"CREATE TRIGGER {table}_updated_at AFTER UPDATE ON {table} "
        f"FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at BEGIN "
        f"UPDATE {table} SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END"
    )


def main():
    engine = create_engine(f"sqlite:///{sys.argv[1]}")
    with engine.begin() as connection:
        op = Operations(MigrationContext.configure(connection))

        # users: username NOT NULL and UNIQUE, created_at and updated_at.
        with op.batch_alter_table("users", recreate="always") as batch:
            batch.alter_column("username", existing_type=Text, nullable=False)
            batch.create_unique_constraint("uq_users_username", ["username"])
            timestamps(batch)
        trigger(op, "users")

        # tasks: CHECK against a blank description, named foreign keys, ON DELETE CASCADE.
        with op.batch_alter_table("tasks", recreate="always") as batch:
            batch.create_check_constraint(
                "ck_tasks_description_not_blank", "trim(description) <> ''"
            )
            batch.create_foreign_key(
                "fk_tasks_user_id", "users", ["user_id"], ["id"], ondelete="CASCADE"
            )
            batch.create_foreign_key("fk_tasks_category_id", "categories", ["category_id"], ["id"])
            timestamps(batch)
        op.create_index("ix_tasks_user_id", "tasks", ["user_id"])
        trigger(op, "tasks")


if __name__ == "__main__":
    main()
