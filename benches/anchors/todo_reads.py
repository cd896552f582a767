"""Anchor for the todo_reads benchmark: the lecture's own stack (Python + SQLAlchemy 2.0) doing
the todo app's reads on the same database, one whole process per read, as the app does them:

    python3 todo_reads.py DATABASE my-tasks USERNAME
    python3 todo_reads.py DATABASE by-date USERNAME
    python3 todo_reads.py DATABASE users

The models map solutions/lesson-07's tables (users, tasks, tags, task_tags); the queries are
the app's: a user's tasks not complete yet (by id, or soonest due first) with their tags, and
every user with their tasks and each task's tags (selectinload: one query per table, the
SQLAlchemy twin of diesel's grouped_by). Written for this project; needs `pip install
"sqlalchemy>=2.0,<2.1"`.
"""

import sys

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


task_tags = Table(
    "task_tags",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String)
    first_name: Mapped[str | None] = mapped_column(String)
    last_name: Mapped[str | None] = mapped_column(String)
    tasks: Mapped[list["Task"]] = relationship(back_populates="user", order_by="Task.id")


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = mapped_column(String)
    complete: Mapped[bool] = mapped_column(Boolean)
    due_date: Mapped[str | None] = mapped_column(String)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User | None] = relationship(back_populates="tasks")
    tags: Mapped[list[Tag]] = relationship(secondary=task_tags, order_by=Tag.name)


def line(*cells):
    print("  ".join("" if c is None else str(c) for c in cells))


def my_tasks(session, username, by_date):
    user = session.scalars(select(User).where(User.username == username)).one()
    query = (
        select(Task)
        .where(Task.user_id == user.id, Task.complete.is_(False))
        .options(selectinload(Task.tags))
    )
    if by_date:
        query = query.order_by(Task.due_date.is_(None), Task.due_date, Task.id)
    else:
        query = query.order_by(Task.id)
    for task in session.scalars(query):
        line(task.id, task.description, task.due_date, ", ".join(t.name for t in task.tags))


def users(session):
    query = (
        select(User)
        .order_by(User.id)
        .options(selectinload(User.tasks).selectinload(Task.tags))
    )
    for user in session.scalars(query):
        name = " ".join(n for n in (user.first_name, user.last_name) if n)
        for task in user.tasks or [None]:
            if task is None:
                line(user.username, name)
            else:
                done = "yes" if task.complete else "no"
                tags = ", ".join(t.name for t in task.tags)
                line(user.username, name, task.id, task.description, done, task.due_date, tags)


def main():
    database, operation, *rest = sys.argv[1:]
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        if operation == "users":
            users(session)
        else:
            my_tasks(session, rest[0], by_date=operation == "by-date")


if __name__ == "__main__":
    main()
