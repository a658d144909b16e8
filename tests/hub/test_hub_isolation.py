"""One trainee against the others: signed in through the hub, A tries to reach B's files and the gradebook.

A real classroom on this machine (two trainees, a hub on loopback, a graded
collection so the gradebook exists). Trainee A signs in through the login page
with the one-time code from the slip, then tries, as a curious trainee would:
B's server through the proxy, the hub's API, and from A's own kernel B's home,
B's server process, the hub's state (gradebook, accounts), the workbook
solutions; then A plants links to trick the instructor's collect, the start
page refresh and the feedback delivery; then A's kernel asks for more memory
than the class allows. Every attempt must fail, B must not notice, and the
instructor's records must not change.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from course_hub import cgroups, handout
from course_hub.accounts import processes_of, unix_user
from course_hub.classroom import Classroom
from course_hub.client import APIError, HubAPI, ServerAPI


class Browser:
    """A cookie-keeping client, following redirects like a browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Sec-Fetch-Mode": "navigate"}
        )
        try:
            with self.opener.open(request, timeout=120) as reply:
                return reply.status, reply.geturl(), reply.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8", errors="replace")

    def sign_in(self, username: str, password: str, new: str = "") -> tuple[int, str, str]:
        _, _, page = self.open("/hub/login")
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)[1]
        form = {"_xsrf": xsrf, "username": username, "password": password}
        if new:
            form |= {"new_password": new, "new_password_again": new}
        return self.open("/hub/login?next=", form)


def run(coro):
    return asyncio.run(coro)


async def in_kernel(server: ServerAPI, code: str) -> str:
    """Run ``code`` in a fresh kernel of the trainee's own server; returns what it printed."""
    session = await server.open_notebook("course/probe.ipynb")
    channel = await server.channel(session["kernel"]["id"])
    try:
        result = await channel.execute(code, timeout=180)
    finally:
        await channel.close()
        await server.close_session(session["id"])
    text = "".join(o.get("text", "") for o in result.outputs if o["output_type"] == "stream")
    errors = [f"{o['ename']}: {o['evalue']}" for o in result.outputs if o["output_type"] == "error"]
    return text + ("\n".join(errors) if errors else "")


@pytest.fixture(scope="module")
def room(hub_prefix):
    with Classroom(
        2,
        hub_prefix,
        languages=("zh", "en"),
        limits={"memory": "600M", "cpu": 1.0, "processes": 256},
        log=lambda line: None,
    ) as room:
        settings = room.settings
        handout.release(settings, "01", room.names, log=lambda line: None)
        hub = HubAPI(settings.hub_url, room.admin_token)

        async def start():
            await hub.create_users(room.names)
            for name in room.names:
                await hub.start_server(name)
            for name in room.names:
                await hub.wait_ready(name)
            return [await hub.new_token(n) for n in room.names]

        room.tokens = dict(zip(room.names, run(start()), strict=True))
        # a graded collection, so the gradebook exists where the instructor keeps it
        collected = handout.collect(settings, "01", room.names, log=lambda line: None)
        handout.grade(settings, collected.folder, workers=2, log=lambda line: None)
        yield room


def names(room):
    a, b = room.names
    return a, b, Path(unix_user(a).pw_dir), Path(unix_user(b).pw_dir)


def test_signed_in_trainee_reaches_only_their_own_server(room):
    a, b, _, _ = names(room)
    browser = Browser(room.settings.hub_url)
    status, url, page = browser.sign_in(a, room.codes[a])
    assert (
        status == 403 and "一次性登录码正确" in page
    )  # first: choose a password (A is a zh trainee)
    status, url, page = browser.sign_in(a, room.codes[a], new="a-secret-of-mine")
    assert status == 200 and f"/user/{a}/" in url, (status, url)
    status, _, listing = browser.open(f"/user/{a}/api/contents/course")
    assert status == 200 and "START.md" in listing
    for path in (
        f"/user/{b}/api/contents/course",
        f"/user/{b}/api/contents/course/workbook/01-prospects.ipynb",
        f"/user/{b}/files/course/START.md",
    ):
        status, _, body = browser.open(path)
        assert status == 403, (path, status)
        assert "START.md" not in body and "desire_no_power" not in body
    status, _, body = browser.open("/hub/api/users")
    assert status == 403 and b not in body
    status, _, _ = browser.open("/hub/admin")
    assert status == 403
    # the used code no longer works; the chosen password does
    assert Browser(room.settings.hub_url).sign_in(a, room.codes[a])[0] == 403
    assert Browser(room.settings.hub_url).sign_in(a, "a-secret-of-mine")[0] == 200


def test_a_trainees_token_opens_nothing_of_anyone_else(room):
    a, b, _, _ = names(room)
    hub = HubAPI(room.settings.hub_url, room.tokens[a])
    as_a_on_b = ServerAPI(room.settings.hub_url, room.tokens[a], user=b)

    async def attempts():
        codes = []
        for call in (
            as_a_on_b.get("course"),
            as_a_on_b.get("course/workbook/01-prospects.ipynb"),
            as_a_on_b.open_notebook("course/workbook/01-prospects.ipynb"),
            hub.user(b),
            hub.start_server(b),
            hub.call("GET", "/hub/api/users"),
            hub.new_token(b),
        ):
            try:
                await call
                codes.append(200)
            except APIError as error:
                codes.append(error.status)
        return codes

    codes = run(attempts())
    assert all(code in (403, 404) for code in codes), codes


def test_a_trainees_code_cannot_read_anothers_home_the_gradebook_or_the_solutions(room):
    a, b, home_a, home_b = names(room)
    settings = room.settings
    gradebook = settings.grading_dir / "gradebook.sqlite"
    assert gradebook.is_file()
    before = gradebook.read_bytes()
    (pid_b,) = [
        p
        for p in processes_of(unix_user(b).pw_uid)
        if b"jupyterhub.singleuser" in Path(f"/proc/{p}/cmdline").read_bytes()
    ]
    targets = {
        "list B's home": f"os.listdir({str(home_b)!r})",
        "read B's workbook": f"open({str(home_b / 'course/workbook/01-prospects.ipynb')!r}).read()",
        "write into B's home": f"open({str(home_b / 'planted.txt')!r}, 'w').write('x')",
        "read the gradebook": f"open({str(gradebook)!r}, 'rb').read()",
        "write the gradebook": f"open({str(gradebook)!r}, 'ab').write(b'x')",
        "list the hub state": f"os.listdir({str(settings.state_dir)!r})",
        "read the accounts": f"open({str(settings.accounts_file)!r}).read()",
        "list the submissions": f"os.listdir({str(settings.submissions_dir)!r})",
        "read the solutions": f"os.listdir({str(settings.kit_dir / 'workbook' / 'src')!r})",
        "read B's server token": f"open('/proc/{pid_b}/environ').read()",
        "signal B's server": f"os.kill({pid_b}, 0)",
        "list B's kernel sockets": f"os.listdir('/run/course-hub/{unix_user(b).pw_uid}')",
        "change the kit": f"open({str(settings.kit_dir / 'course' / '__init__.py')!r}, 'a').write('#')",
    }
    code = (
        "import os, json\nout = {}\n"
        + "".join(
            f"try:\n    {action}\n    out[{label!r}] = 'ALLOWED'\nexcept PermissionError:\n    out[{label!r}] = 'denied'\n"
            f"except OSError as e:\n    out[{label!r}] = type(e).__name__\n"
            for label, action in targets.items()
        )
        + "print(json.dumps(out))"
    )
    server = ServerAPI(settings.hub_url, room.tokens[a], user=a)
    printed = run(in_kernel(server, code))
    outcome = json.loads(printed.strip().splitlines()[-1])
    assert outcome == dict.fromkeys(targets, "denied"), outcome
    assert not (home_b / "planted.txt").exists()
    assert gradebook.read_bytes() == before
    # and A's own home works as it should
    own = run(
        in_kernel(server, f"import os\nprint(sorted(os.listdir({str(home_a / 'course')!r})))")
    )
    assert "START.md" in own and "workbook" in own


def test_links_planted_by_a_trainee_do_not_trick_the_instructors_commands(room):
    a, b, home_a, home_b = names(room)
    settings = room.settings
    canary = (
        room.root / "canary.txt"
    )  # a root-only file a trainee would like root to overwrite or copy
    canary.write_text("the instructor's own file\n")
    os.chmod(canary, 0o600)
    server = ServerAPI(settings.hub_url, room.tokens[a], user=a)
    planted = run(
        in_kernel(
            server,
            (
                "import os\nos.chdir(os.path.expanduser('~/course'))\n"
                "os.replace('workbook/01-prospects.ipynb', 'workbook/mine.ipynb')\n"
                f"os.symlink({str(home_b / 'course/workbook/01-prospects.ipynb')!r}, 'workbook/01-prospects.ipynb')\n"
                f"os.remove('START.md'); os.symlink({str(canary)!r}, 'START.md')\n"
                f"os.symlink({str(canary)!r}, 'feedback.html')\nprint('planted')"
            ),
        )
    )
    assert "planted" in planted
    # collect: A's link is refused, not followed into B's home; B's own work is collected
    report = handout.collect(settings, "01", room.names, log=lambda line: None)
    outcome = {o.trainee: o for o in report.outcomes}
    assert outcome[a].status == "refused" and "link" in outcome[a].detail
    assert outcome[b].status == "collected"
    assert not (report.folder / a).exists()
    # a new server start refreshes the start page: the link is left alone, the canary untouched
    hub = HubAPI(settings.hub_url, room.admin_token)

    async def restart():
        await hub.stop_server(a)
        await hub.start_server(a)
        await hub.wait_ready(a)

    run(restart())
    # feedback delivery replaces A's link itself (as A), never writes through it
    report = handout.feedback(settings, [a], log=lambda line: None)
    assert report.outcomes[0].status == "delivered"
    assert canary.read_text() == "the instructor's own file\n"
    assert (home_a / "course/START.md").is_symlink()
    assert not (home_a / "course/feedback.html").is_symlink()
    assert (home_b / "course/workbook/01-prospects.ipynb").stat().st_uid == unix_user(b).pw_uid


def test_a_memory_hog_loses_its_own_kernel_not_the_class(room):
    a, b, _, _ = names(room)
    settings = room.settings
    tree = cgroups.Tree(room.cgroup)
    before = tree.group(a).oom_kills()
    server_a = ServerAPI(settings.hub_url, room.tokens[a], user=a)

    async def hog():
        session = await server_a.open_notebook("course/hog.ipynb")
        channel = await server_a.channel(session["kernel"]["id"])
        try:
            await channel.execute("x = bytearray(2 * 1024**3)\nprint('got 2 GiB')", timeout=120)
            return "no error"
        except (ConnectionError, TimeoutError) as error:
            return f"kernel lost: {error}"
        finally:
            await channel.close()

    outcome = run(hog())
    assert "got 2 GiB" not in outcome
    assert tree.group(a).oom_kills() > before  # the kernel's OOM killer, inside A's group
    # A's server still answers, and B works as before
    assert run(server_a.get("course", content=False))["type"] == "directory"
    server_b = ServerAPI(settings.hub_url, room.tokens[b], user=b)
    assert run(in_kernel(server_b, "print(6 * 7)")).strip() == "42"
