#!/usr/bin/env python3
"""old-app-breaks on the real corpus, with each project's git history.

For each project of tests/corpus/real (its NOTICE gives repository and commit), its last 20
migrations are grouped by the commit that added them (followed through renames); for each such
commit C and its parent P, a scratch repository gets two commits: P's migrations folder with
P's diesel configuration and schema file, then C's migrations folder. verify-migrations runs on
it with `--since-commit HEAD~1`: the migrations C added are judged against the app at P. Every
old-app-breaks finding and note is printed, for judging by hand.

Needs the projects' histories in /work/.mirror (fetched beforehand) and a built
verify-migrations (cargo build -p verify-migrations). No network. Usage:
    tools/old-app-corpus.py [PROJECT ...]
"""

import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = "/work/.mirror"
BINARY = os.environ.get("VERIFY_MIGRATIONS", os.path.join(ROOT, "target/debug/verify-migrations"))
LAST = 20

# name: (mirror, corpus commit, project folder in the repository, migrations folder in it,
#        diesel configuration file, schema files to try when the configuration names none that
#        exists, extra arguments)
PROJECTS = {
    "polaris": ("agersant+polaris", "138eacc9fcdae09d048657a4fc92291d141dffbc", "",
                "migrations", "diesel.toml", ["src/db/schema.rs"], ["--foreign-keys", "on"]),
    "tari_contacts": ("tari-project+tari", "2897536c3861caf747e0dbbc9fd851b358d4140f",
                      "base_layer/contacts", "migrations", "diesel.toml", ["src/schema.rs"], []),
    "tari_dht": ("tari-project+tari", "2897536c3861caf747e0dbbc9fd851b358d4140f", "comms/dht",
                 "migrations", "diesel.toml", ["src/schema.rs"], []),
    "tari_dan_wallet": ("tari-project+tari-dan", "d1d0d885166f3142272868b230cb5582d4518db1",
                        "dan_layer/wallet/storage_sqlite", "migrations", "diesel.toml",
                        ["src/schema.rs"], ["--foreign-keys", "on"]),
    "vaultwarden": ("dani-garcia+vaultwarden", "46d71107f5094460dd5ecbe1dbac6e6c71e5189a", "",
                    "migrations/sqlite", "diesel.toml",
                    ["src/db/schema.rs", "src/db/schemas/sqlite/schema.rs"],
                    ["--foreign-keys", "off"]),
    "chirpstack": ("chirpstack+chirpstack", "d77207cd362d6b18d35712750c41d6a8a1efbad5",
                   "chirpstack", "migrations_sqlite", "diesel_sqlite.toml",
                   ["src/storage/schema_sqlite.rs"], ["--foreign-keys", "off"]),
    "postgres/vaultwarden": ("dani-garcia+vaultwarden", "46d71107f5094460dd5ecbe1dbac6e6c71e5189a",
                             "", "migrations/postgresql", "diesel.toml",
                             ["src/db/schema.rs", "src/db/schemas/postgresql/schema.rs"],
                             ["--backend", "postgres"]),
    "postgres/chirpstack": ("chirpstack+chirpstack", "d77207cd362d6b18d35712750c41d6a8a1efbad5",
                            "chirpstack", "migrations_postgres", "diesel_postgres.toml",
                            ["src/storage/schema_postgres.rs", "src/storage/schema.rs"],
                            ["--backend", "postgres", "--seed",
                             os.path.join(ROOT, "tests/corpus/real/postgres/chirpstack/seed.sql")]),
    "postgres/discord_mods_bot": ("rust-lang+discord-mods-bot",
                                  "2bbb725b8c8041dfe5207e14335e3b8d5d1b24e6", "", "migrations",
                                  "diesel.toml", ["src/schema.rs"], ["--backend", "postgres"]),
    "postgres/miningpool_observer": ("0xB10C+miningpool-observer",
                                     "bfe57d137c1b74777fefac44c2f527b4009242f2", "", "migrations",
                                     "diesel.toml", ["shared/src/schema.rs", "src/schema.rs"],
                                     ["--backend", "postgres"]),
    "postgres/rfcbot": ("rust-lang+rfcbot-rs", "882991bc063ab6f54b562ae6ec378d9e62e7d0a5", "",
                        "migrations", "diesel.toml", ["src/domain/schema.rs", "src/schema.rs"],
                        ["--backend", "postgres"]),
}


def git(repo, *args, check=True):
    done = subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout if done.returncode == 0 else None


def exists(repo, commit, path):
    return subprocess.run(["git", "--git-dir", repo, "cat-file", "-e", f"{commit}:{path}"],
                          capture_output=True).returncode == 0


def extract(repo, commit, path, into):
    """The file or folder `path` of `commit`, written under `into` at the same path."""
    archive = subprocess.run(["git", "--git-dir", repo, "archive", commit, "--", path],
                             capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)


def adding_commit(repo, head, path):
    """The commit that first added `path` and its path there: the first commit with the path,
    or, when that commit moved the migration's folder from elsewhere, the one that added it
    there (a folder of the same name in the commit before)."""
    log = git(repo, "log", head, "--no-renames", "--diff-filter=A", "--format=%H", "--", path)
    commits = log.split()
    if not commits:
        return None, None
    commit = commits[-1]
    folder = path.split("/")[-2]
    before = git(repo, "ls-tree", "-r", "--name-only", f"{commit}^", check=False) or ""
    moved = [p for p in before.splitlines() if p.endswith(f"/{folder}/up.sql") and p != path]
    if moved:
        return adding_commit(repo, f"{commit}^", moved[0])
    return commit, path


def schema_file(repo, commit, project, config, candidates):
    """The configuration file and the schema file the app at `commit` has, and how it was found."""
    prefix = f"{project}/" if project else ""
    for name in [config, "diesel.toml"]:
        if exists(repo, commit, prefix + name):
            text = git(repo, "show", f"{commit}:{prefix}{name}")
            for line in text.splitlines():
                if line.strip().startswith("file") and "=" in line:
                    file = line.split("=", 1)[1].strip().strip('"')
                    if exists(repo, commit, prefix + file):
                        return name, file, f"{name} says {file}"
            break
    for file in candidates:
        if exists(repo, commit, prefix + file):
            return None, file, f"{file} (diesel.toml names none that exists: chosen by hand)"
    return None, None, "no schema file"


def run(name):
    mirror, head, project, migrations, config, candidates, extra = PROJECTS[name]
    repo = f"{MIRROR}/{mirror}/repo"
    prefix = f"{project}/" if project else ""
    folders = sorted(l.split("/")[-1] for l in git(
        repo, "ls-tree", "--name-only", head, f"{prefix}{migrations}/").splitlines())
    folders = [f for f in folders if not f.startswith(".")][-LAST:]
    groups = {}
    for folder in folders:
        commit, path = adding_commit(repo, head, f"{prefix}{migrations}/{folder}/up.sql")
        if commit is None:
            print(f"{name}: {folder}: no commit adds it")
            continue
        groups.setdefault(commit, (path, []))[1].append(folder)
    order = git(repo, "rev-list", "--topo-order", "--reverse", head).split()
    for commit in sorted(groups, key=order.index):
        path, judged = groups[commit]
        # The migrations folder as it was at the commit.
        mig_dir = os.path.dirname(os.path.dirname(path))
        parent = git(repo, "rev-parse", f"{commit}^", check=False)
        if parent is None:
            print(f"{name}: {commit[:8]} {judged}: the first commit, no app before it")
            continue
        parent = parent.strip()
        judge(name, repo, commit, parent, project, mig_dir, config, candidates, extra, judged)


def judge(name, repo, commit, parent, project, mig_dir, config, candidates, extra, judged):
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, GIT_AUTHOR_NAME="corpus", GIT_AUTHOR_EMAIL="c@example.com",
                   GIT_COMMITTER_NAME="corpus", GIT_COMMITTER_EMAIL="c@example.com")
        env.pop("DIESEL_CONFIG_FILE", None)
        local = lambda *a: subprocess.run(["git", "-C", scratch, *a], env=env, check=True,
                                          capture_output=True)
        local("init", "-q")
        prefix = f"{project}/" if project else ""
        conf, file, how = schema_file(repo, parent, project, config, candidates)
        if exists(repo, parent, mig_dir):
            extract(repo, parent, mig_dir, scratch)
        os.makedirs(os.path.join(scratch, project), exist_ok=True)
        if file:
            extract(repo, parent, prefix + file, scratch)
        # The configuration, written to name the schema file found (same name as the project's).
        conf_name = conf or "diesel.toml"
        with open(os.path.join(scratch, prefix + conf_name), "w") as out:
            out.write(f'[print_schema]\nfile = "{file or "src/schema.rs"}"\n')
        local("add", "-A")
        local("commit", "-q", "--allow-empty", "-m", "app before")
        subprocess.run(["rm", "-rf", os.path.join(scratch, mig_dir)], check=True)
        extract(repo, commit, mig_dir, scratch)
        local("add", "-A")
        local("commit", "-q", "-m", "migrations added")
        if conf_name != "diesel.toml":
            env["DIESEL_CONFIG_FILE"] = os.path.join(scratch, prefix + conf_name)
        done = subprocess.run([BINARY, os.path.join(scratch, mig_dir), "--since-commit",
                               "HEAD~1", "--format", "json", *extra],
                              cwd=scratch, env=env, capture_output=True, text=True)
        head = f"{name}: {commit[:8]} (app at {parent[:8]}: {how}) judged {', '.join(judged)}"
        try:
            report = json.loads(done.stdout)
        except json.JSONDecodeError:
            print(f"{head}\n  could not run: {done.stderr.strip()}")
            return
        old = report.get("judged", {}).get("old_app")
        findings = [f for f in report["findings"] if f["rule"] == "old-app-breaks"]
        notes = [n for n in report["notes"] if n.startswith("old-app-breaks")]
        print(head)
        if old and "not_judged" in old:
            print(f"  not judged: {old['not_judged']}")
        for f in findings:
            print(f"  FINDING: {f['message']}")
        for n in notes:
            print(f"  note: {n}")
        if not findings and old and "schema" in old:
            print("  passes")
        sys.stdout.flush()


if __name__ == "__main__":
    for name in sys.argv[1:] or PROJECTS:
        run(name)
