"""Class accounts: one-time codes, hashed secrets, the store and the roster, refused before anything changes."""

from __future__ import annotations

import json
import os
import re
import stat
import threading

import pytest

from course_hub import accounts
from course_hub.accounts import Account, AccountError, AccountStore


def test_codes_are_readable_off_paper_and_unpredictable():
    codes = {accounts.new_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", code), code  # no 0/O/1/I
    assert accounts.normalise_code(" k7qmx-3xtab ") == "K7QMX3XTAB"


def test_secrets_are_stored_as_salted_hashes_only():
    one, two = accounts.hash_secret("hunter22"), accounts.hash_secret("hunter22")
    assert one != two and "hunter22" not in one  # salted
    assert accounts.verify_secret("hunter22", one) and accounts.verify_secret("hunter22", two)
    for wrong in ("hunter23", "Hunter22", "", "hunter22 "):
        assert not accounts.verify_secret(wrong, one)
    for broken in (
        None,
        "",
        "plain",
        "md5$x$y",
        "scrypt$1$2$3$zz$00",
        one.replace("scrypt", "bcrypt"),
    ):
        assert not accounts.verify_secret("hunter22", broken)


def test_store_keeps_hashes_in_a_root_only_file(tmp_path):
    store = AccountStore(tmp_path / "state" / "accounts.json")
    store.add(Account(name="wangli", lang="zh", display="王丽"))
    code = store.issue_code("wangli")
    raw = store.path.read_text(encoding="utf-8")
    assert code not in raw and accounts.normalise_code(code) not in raw
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700
    assert json.loads(raw)["accounts"]["wangli"]["display"] == "王丽"
    entry = store.get("wangli")
    assert entry.code_valid() and accounts.verify_secret(
        accounts.normalise_code(code), entry.code_hash
    )
    store.set_password("wangli", "my own pass")
    entry = store.get("wangli")
    assert entry.code_hash is None and not entry.code_valid()  # the code is used up
    assert accounts.verify_secret("my own pass", entry.password_hash)
    new = store.issue_code("wangli")  # instructor reset: a new code, the password stops working
    entry = store.get("wangli")
    assert entry.password_hash is None and new != code
    with pytest.raises(AccountError, match="already in the class"):
        store.add(Account(name="wangli"))
    with pytest.raises(AccountError, match="no such account"):
        store.update("nobody", lang="en")


def test_concurrent_writers_lose_nothing(tmp_path):
    store = AccountStore(tmp_path / "accounts.json")
    names = [f"t{i:02d}" for i in range(24)]
    threads = [threading.Thread(target=store.add, args=(Account(name=n),)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(store.all()) == names


def test_a_damaged_store_is_reported_not_replaced(tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AccountError, match="cannot be read"):
        AccountStore(path).all()
    assert path.read_text(encoding="utf-8") == "{not json"


def test_roster_reads_excel_csv_with_bom_and_chinese_names(tmp_path):
    path = tmp_path / "class.csv"
    path.write_bytes(
        "\ufeffUsername,Name,Lang,Role\nwangli,王丽,zh,\nli_ming,Li Ming,en,trainee\nteacher,张老师,,instructor\n\n".encode(
            "utf-8"
        )
    )
    lines = accounts.read_roster(path)
    assert [(line.name, line.display, line.lang, line.role) for line in lines] == [
        ("wangli", "王丽", "zh", "trainee"),
        ("li_ming", "Li Ming", "en", "trainee"),
        ("teacher", "张老师", None, "instructor"),
    ]


def test_roster_problems_are_all_listed_with_line_numbers(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(
        "username,lang,role\nWang Li,zh,trainee\nok1,fr,trainee\nok1,zh,boss\n../etc,zh,trainee\n",
        encoding="utf-8",
    )
    with pytest.raises(AccountError) as caught:
        accounts.read_roster(path)
    message = str(caught.value)
    for expected in (
        "line 2",
        "'Wang Li'",
        "line 3",
        "fr",
        "line 4",
        "listed twice",
        "boss",
        "line 5",
        "'../etc'",
        "nothing was created",
    ):
        assert expected in message, expected


def test_roster_without_username_column_or_not_utf8(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("name\nWang\n", encoding="utf-8")
    with pytest.raises(AccountError, match="no 'username' column"):
        accounts.read_roster(path)
    path.write_bytes("username,name\nwangli,王丽\n".encode("gbk"))
    with pytest.raises(AccountError, match="CSV UTF-8"):
        accounts.read_roster(path)


def test_system_accounts_and_existing_users_stop_the_whole_roster(tmp_path):
    store = AccountStore(tmp_path / "accounts.json")
    roster = [
        accounts.RosterLine("fresh-name-x"),
        accounts.RosterLine("root"),
        accounts.RosterLine("nobody"),
    ]
    with pytest.raises(AccountError) as caught:
        accounts.add_accounts(store, roster, homes=tmp_path / "homes", default_lang="zh")
    assert "root: a system account" in str(caught.value) and "nobody: a system account" in str(
        caught.value
    )
    assert store.all() == {} and accounts.unix_user("fresh-name-x") is None  # nothing was created


def test_slips_show_each_person_in_their_language_and_escape_names(tmp_path):
    store = AccountStore(tmp_path / "accounts.json")
    store.add(Account(name="wangli", lang="zh", display="王丽"))
    store.add(Account(name="sam", lang="en", display="<script>x</script>"))
    page = accounts.slips_html(
        {"wangli": "AAAAA-BBBBB", "sam": "CCCCC-DDDDD"}, store, "https://hub.school.cn"
    )
    zh, en = page.split("<div class='slip'>")[1:]
    assert "一次性登录码" in zh and "AAAAA-BBBBB" in zh and "王丽" in zh and "One-time" not in zh
    assert "One-time code" in en and "CCCCC-DDDDD" in en and not re.search(r"[\u4e00-\u9fff]", en)
    assert "<script>" not in page and "&lt;script&gt;" in page
    path = accounts.write_private(tmp_path / "slips.html", page)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
