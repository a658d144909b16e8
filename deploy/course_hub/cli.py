"""``course-hub``: the instructor's and the administrator's commands on the hub host (as root).

Commands
--------
install [--prefix DIR]                    install the kit once for all trainees (``make hub-install``)
run [--demo]                              start the hub in the foreground (``make hub``)
accounts add ROSTER.csv [--slips F.html]  create accounts, print one-time codes on slips
accounts list | reset NAME… | remove NAME…
release CHAPTER [--to NAME…] [--exam]     hand a workbook out to every trainee's home
collect CHAPTER [--to NAME…]              collect the saved workbooks into a new submissions folder
grade CHAPTER [--folder DIR] [--workers N]  grade the latest collection (the kit's grader)
feedback [--to NAME…]                     class report + each trainee's feedback page in their home
limits                                    what is enforced per trainee on this machine, and how
simulate --trainees N [--chapter 01] [--json FILE]   the classroom simulation (``make hub-test``)
sweep                                     remove what an interrupted simulation left behind

``--config FILE`` (or ``$COURSE_HUB_CONFIG``) picks the class settings; the
default is ``deploy/class.yaml``. Bad input exits 2 with a message that says
what to fix.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course-hub", description="The sales prospecting kit on JupyterHub."
    )
    parser.add_argument(
        "--config",
        default=None,
        help="class settings file (default: $COURSE_HUB_CONFIG or deploy/class.yaml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    inst = sub.add_parser("install", help="install the kit once for all trainees")
    inst.add_argument(
        "--prefix",
        default=None,
        help="where (default: the settings' hub.prefix; dev: this checkout's test installation)",
    )

    run = sub.add_parser("run", help="start the hub in the foreground")
    run.add_argument(
        "--demo",
        action="store_true",
        help="with no accounts yet: make an instructor and two trainees",
    )

    acc = sub.add_parser("accounts", help="class accounts")
    acc_sub = acc.add_subparsers(dest="action", metavar="ACTION")
    add = acc_sub.add_parser(
        "add", help="create accounts from a roster CSV (username,name,lang,role)"
    )
    add.add_argument("roster")
    add.add_argument(
        "--slips",
        default=None,
        help="printable slips with the one-time codes (default STATE/slips-….html)",
    )
    add.add_argument(
        "--existing",
        action="store_true",
        help="use Unix users that already exist (never deleted later)",
    )
    add.add_argument(
        "--days", type=int, default=14, help="days a one-time code stays valid (0: no limit)"
    )
    acc_sub.add_parser("list", help="who is in the class")
    reset = acc_sub.add_parser(
        "reset", help="a new one-time code (the old code and password stop working)"
    )
    reset.add_argument("names", nargs="+")
    reset.add_argument("--slips", default=None)
    remove = acc_sub.add_parser(
        "remove", help="remove from the class (and delete the Unix user if the kit made it)"
    )
    remove.add_argument("names", nargs="+")

    for name, text in (
        ("release", "hand a workbook out to every trainee"),
        ("collect", "collect saved workbooks"),
    ):
        step = sub.add_parser(name, help=text)
        step.add_argument("chapter")
        step.add_argument("--to", nargs="+", default=None, help="only these trainees")
        if name == "release":
            step.add_argument("--exam", action="store_true", help="exam mode copies")
    grade = sub.add_parser("grade", help="grade the latest collection of a chapter")
    grade.add_argument("chapter")
    grade.add_argument(
        "--folder", default=None, help="a collection folder (default: the latest of the chapter)"
    )
    grade.add_argument("--workers", type=int, default=None)
    fb = sub.add_parser("feedback", help="give each trainee their feedback page")
    fb.add_argument("--to", nargs="+", default=None)

    sub.add_parser("limits", help="what is enforced per trainee here")

    sim = sub.add_parser("simulate", help="the classroom simulation")
    sim.add_argument("--trainees", "-n", type=int, default=30)
    sim.add_argument("--chapter", default="01")
    sim.add_argument(
        "--prefix",
        default=None,
        help="the shared installation (default: the settings' hub.prefix; "
        "dev: this checkout's, installed or refreshed first)",
    )
    sim.add_argument(
        "--ramp",
        type=float,
        default=0.0,
        help="spread the trainees' arrival over this many seconds",
    )
    sim.add_argument("--workers", type=int, default=2, help="notebooks graded at once")
    sim.add_argument("--memory", default="1G", help="memory limit per trainee")
    sim.add_argument("--cpu", type=float, default=1.0, help="cores per trainee")
    sim.add_argument("--json", default=None, help="also write the figures as JSON here")

    sub.add_parser("sweep", help="remove what an interrupted simulation left behind")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    light = args.command == "limits" or (
        args.command == "accounts"
        and (getattr(args, "action", None) in ("list", "reset") or getattr(args, "no_unix", False))
    )
    if os.geteuid() != 0 and not light:
        print(
            "error: course-hub works on Unix accounts and the hub's state: run it as root (sudo).",
            file=sys.stderr,
        )
        return 2
    from course_hub.accounts import AccountError
    from course_hub.handout import HandoutError
    from course_hub.home import HomeError
    from course_hub.hubproc import HubError
    from course_hub.install import InstallError
    from course_hub.settings import SettingsError

    try:
        return _dispatch(args)
    except (
        SettingsError,
        AccountError,
        HandoutError,
        HomeError,
        HubError,
        InstallError,
        ValueError,
        OSError,
    ) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    from course_hub import handout
    from course_hub.settings import ClassSettings

    settings = ClassSettings.load(args.config)
    if args.config:
        os.environ["COURSE_HUB_CONFIG"] = str(Path(args.config).resolve())
    if args.command == "install":
        from course_hub.install import install

        python = install(args.prefix or settings.prefix)
        print(f"ready: trainees' servers run {python}")
        return 0
    if args.command == "run":
        return _run(settings, demo=args.demo)
    if args.command == "accounts":
        return _accounts(args, settings)
    if args.command == "release":
        report = handout.release(settings, args.chapter, args.to, exam=args.exam)
        print("\n".join(report.lines()))
        return 0 if not report.count("error") else 1
    if args.command == "collect":
        report = handout.collect(settings, args.chapter, args.to)
        print("\n".join(report.lines()))
        return 0
    if args.command == "grade":
        folder = (
            Path(args.folder) if args.folder else handout.latest_collection(settings, args.chapter)
        )
        handout.grade(settings, folder, workers=args.workers)
        return 0
    if args.command == "feedback":
        report = handout.feedback(settings, args.to)
        print("\n".join(report.lines()))
        return 0 if not report.count("error") else 1
    if args.command == "limits":
        from course_hub import cgroups

        tree, how = cgroups.detect("course-hub-probe")
        limits = cgroups.GroupLimits(
            settings.limits.memory_bytes, settings.limits.cpu, settings.limits.processes
        )
        print(tree.describe(limits) if tree else how)
        if tree is not None:
            tree.remove()
        return 0
    if args.command == "simulate":
        from course_hub import simulate
        from course_hub.install import install, resolve_prefix

        prefix = resolve_prefix(args.prefix or settings.prefix)
        if args.prefix == "dev":
            install(prefix)  # this checkout's test installation: quick when nothing changed
        summary = simulate.run(
            args.trainees,
            prefix,
            chapter=args.chapter,
            ramp=args.ramp,
            grade_workers=args.workers,
            memory=args.memory,
            cpu=args.cpu,
        )
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(simulate.to_json(summary) + "\n", encoding="utf-8")
        ok = summary.failures == 0 and summary.as_planned == summary.trainees
        return 0 if ok else 1
    if args.command == "sweep":
        from course_hub.classroom import sweep

        print(f"{sweep()} interrupted run(s) cleaned up")
        return 0
    return 2


def _accounts(args: argparse.Namespace, settings) -> int:
    from datetime import UTC, datetime

    from course_hub import accounts

    store = accounts.AccountStore(settings.accounts_file)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if args.action == "add":
        roster = accounts.read_roster(args.roster)
        codes = accounts.add_accounts(
            store,
            roster,
            homes=settings.homes,
            default_lang=settings.language,
            adopt_existing=args.existing,
            code_days=args.days,
        )
        slips = accounts.write_private(
            Path(args.slips or settings.state_dir / f"slips-{stamp}.html"),
            accounts.slips_html(codes, store, _public_url(settings)),
        )
        print(
            f"created {len(codes)} account(s); print the one-time codes from {slips} (root only), then delete it"
        )
        return 0
    if args.action == "list":
        for account in store.all().values():
            state = (
                "password set"
                if account.password_hash
                else ("code issued" if account.code_valid() else "no login")
            )
            print(
                f"{account.name:<20} {account.role:<10} {account.lang:<3} {state:<13} {account.display}"
            )
        return 0
    if args.action == "reset":
        codes = {name: store.issue_code(name) for name in args.names}
        slips = accounts.write_private(
            Path(args.slips or settings.state_dir / f"slips-{stamp}.html"),
            accounts.slips_html(codes, store, _public_url(settings)),
        )
        print(f"new one-time code(s) for {', '.join(codes)}: {slips}")
        return 0
    if args.action == "remove":
        for name in args.names:
            print(f"{name}: {accounts.remove_account(store, name)}")
        return 0
    print("say what to do with accounts: add, list, reset or remove", file=sys.stderr)
    return 2


def _public_url(settings) -> str:
    return os.environ.get("COURSE_HUB_PUBLIC_URL", settings.hub_url)


def _run(settings, demo: bool = False) -> int:
    """Start the hub in the foreground from the shared installation (exec: Ctrl-C stops it and its servers)."""
    from course_hub import accounts
    from course_hub.hubproc import config_file, hub_command, hub_env

    if not Path(settings.python).is_file():
        print(
            f"error: {settings.python} is missing: run `make hub-install` first.", file=sys.stderr
        )
        return 2
    store = accounts.AccountStore(settings.accounts_file)
    if demo and not store.all():
        roster = [
            accounts.RosterLine(name, display, settings.language, role)
            for name, display, role in (
                ("teacher", "Instructor", "instructor"),
                ("trainee1", "Trainee 1", "trainee"),
                ("trainee2", "Trainee 2", "trainee"),
            )
        ]
        codes = accounts.add_accounts(
            store, roster, homes=settings.homes, default_lang=settings.language
        )
        print(
            "demo class created (remove it with: course-hub accounts remove teacher trainee1 trainee2):"
        )
        for name, code in codes.items():
            print(f"  {name:<10} one-time code {code}")
    elif not store.all():
        print(
            "no accounts yet: `course-hub accounts add ROSTER.csv`, or `make hub` for a demo class."
        )
    print(
        f"starting the hub at {settings.hub_url} (Ctrl-C stops it and every trainee's server) …",
        flush=True,
    )
    env = hub_env(Path(os.environ.get("COURSE_HUB_CONFIG") or settings.source))
    os.chdir(settings.state_dir if settings.state_dir.is_dir() else "/")
    command = hub_command(settings)
    assert config_file(settings).is_file(), f"{config_file(settings)} missing: run make hub-install"
    os.execve(command[0], command, env)
    return 0  # pragma: no cover - exec does not return


if __name__ == "__main__":
    sys.exit(main())
