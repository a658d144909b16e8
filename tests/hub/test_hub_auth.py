"""Sign-in: the one-time code once, then the trainee's own password; messages in the trainee's language."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from tornado import web

from course_hub.accounts import Account, AccountStore
from course_hub.auth import ClassCodeAuthenticator


@pytest.fixture
def store(tmp_path):
    store = AccountStore(tmp_path / "accounts.json")
    store.add(Account(name="wangli", lang="zh"))
    store.add(Account(name="sam", lang="en"))
    store.add(Account(name="teacher", role="instructor", lang="zh"))
    return store


@pytest.fixture
def auth(store):
    return ClassCodeAuthenticator(accounts_file=str(store.path), language="zh", max_failures=4)


def login(auth, **form):
    return asyncio.run(auth.authenticate(None, form))


def refused(auth, **form) -> str:
    with pytest.raises(web.HTTPError) as caught:
        login(auth, **form)
    assert caught.value.status_code == 403
    return caught.value.log_message


def test_first_sign_in_needs_a_new_password_then_the_code_is_used_up(auth, store):
    code = store.issue_code("sam")
    assert "choose your own password" in refused(auth, username="sam", password=code)
    assert "differ" in refused(
        auth,
        username="sam",
        password=code,
        new_password="abcdefgh1",
        new_password_again="abcdefgh2",
    )
    assert "at least 8" in refused(
        auth, username="sam", password=code, new_password="short", new_password_again="short"
    )
    assert "not the one-time code" in refused(
        auth,
        username="sam",
        password=code,
        new_password=code.lower(),
        new_password_again=code.lower(),
    )
    # the code typed in lower case, with spaces instead of the dash, still counts
    model = login(
        auth,
        username="sam",
        password=code.lower().replace("-", " "),
        new_password="my own secret",
        new_password_again="my own secret",
    )
    assert model == {"name": "sam", "admin": False}
    assert "Wrong account name or password" in refused(
        auth, username="sam", password=code
    )  # used up
    assert login(auth, username="sam", password="my own secret")["name"] == "sam"
    assert "Wrong" in refused(auth, username="sam", password="my own secret ")


def test_messages_follow_the_trainees_language(auth, store):
    code = store.issue_code("wangli")
    message = refused(auth, username="wangli", password=code)
    assert "一次性登录码正确" in message and not re.search(r"[A-Za-z]{4,}", message)
    assert "账号或密码不对" in refused(
        auth, username="nobody-here", password="x"
    )  # class language for strangers


def test_instructors_become_admins(auth, store):
    code = store.issue_code("teacher")
    model = login(
        auth,
        username="teacher",
        password=code,
        new_password="teach-2026",
        new_password_again="teach-2026",
    )
    assert model == {"name": "teacher", "admin": True}


def test_an_expired_code_is_refused(auth, store):
    code = store.issue_code("sam")
    store.update("sam", code_expires=(datetime.now(UTC) - timedelta(minutes=1)).isoformat())
    assert "expired" in refused(
        auth,
        username="sam",
        password=code,
        new_password="abcdefgh1",
        new_password_again="abcdefgh1",
    )
    assert store.get("sam").password_hash is None


def test_repeated_wrong_tries_lock_the_account(auth, store):
    code = store.issue_code("sam")
    for _ in range(4):
        refused(auth, username="sam", password="guess")
    assert "Too many wrong tries" in refused(
        auth,
        username="sam",
        password=code,
        new_password="abcdefgh1",
        new_password_again="abcdefgh1",
    )
    assert "账号或密码不对" in refused(
        auth, username="wangli", password="guess"
    )  # others are not locked


def test_only_people_in_the_store_are_allowed(auth):
    assert auth.check_allowed("wangli") and auth.check_allowed("teacher")
    assert not auth.check_allowed("root") and not auth.check_allowed("stranger")


def test_the_form_is_in_the_class_language_and_keeps_the_hubs_fields(store):
    zh = ClassCodeAuthenticator(accounts_file=str(store.path), language="zh").get_custom_html(
        "/hub/"
    )
    en = ClassCodeAuthenticator(accounts_file=str(store.path), language="en").get_custom_html(
        "/hub/"
    )
    for page in (zh, en):
        for field in (
            'name="_xsrf" value="{{ xsrf | e }}"',
            'name="username"',
            'name="password"',
            'name="new_password"',
            'name="new_password_again"',
            "{{ authenticator_login_url | e }}",
            "{% if login_error %}",
        ):
            assert field in page, field
    assert "登录课程" in zh and "Sign in to the course" not in zh
    assert "Sign in to the course" in en and not re.search(r"[\u4e00-\u9fff]", en)
    from jinja2 import Template

    # JupyterHub renders the form with a plain (not autoescaping) Template: values typed by a visitor come back as text
    rendered = Template(zh).render(
        xsrf="X",
        authenticator_login_url="/hub/login?next=",
        login_error="<img src=x onerror=alert(1)>",
        username='"><script>alert(1)</script>',
    )
    assert "<script>" not in rendered and "<img" not in rendered
    assert (
        "&lt;img src=x onerror=alert(1)&gt;" in rendered and "&#34;&gt;&lt;script&gt;" in rendered
    )
