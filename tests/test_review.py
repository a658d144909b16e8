"""``python -m course review``: the instructor scores written answers; every change is kept."""

from __future__ import annotations

import argparse

import pytest
from test_gradebook import _written

from course import cli
from course.grading import review
from course.grading.gradebook import Gradebook


@pytest.fixture
def db(tmp_path):
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run(
        [
            _written("wang", "Buyers suspect a fake or a catch."),
            _written("li", "cheap", "incorrect"),
            _written("zhao", "<script>alert(1)</script> they doubt it"),
        ]
    )
    return book.url


def args(**kw):
    base = {
        "list": False,
        "trainee": None,
        "exercise": None,
        "set": None,
        "accept": False,
        "by": "Ms Zhou",
        "note": "",
        "lang": "en",
    }
    return argparse.Namespace(**{**base, **kw})


def test_list_shows_each_answer_with_the_kits_suggestion(db, capsys):
    assert cli.main(["review", "--db", db, "--list", "--by", "x"]) == 0
    out = capsys.readouterr().out
    assert "Buyers suspect a fake or a catch." in out and "wang · ch01.q8" in out
    assert "The kit suggests: Correct (1 point)" in out and "Not yet (0 point)" in out
    assert "3 answer(s) waiting for review." in out
    assert cli.main(["review", "--db", db, "--list", "--lang", "zh"]) == 0
    assert "套件建议" in capsys.readouterr().out


def test_interactive_scores_accepts_skips_and_stops(db):
    replies = iter(["2", "0.5", "s", "a"])
    said: list[str] = []
    assert review.run(args(), db, ask=lambda _: next(replies), say=said.append) == 0
    book = Gradebook(db)
    scores = book.results(latest=True).set_index(["trainee", "exercise"])["score"]
    # in the order graded: wang 0.5 (after a reply out of range), li skipped, zhao accepted
    assert scores[("wang", "ch01.q8")] == 0.5 and scores[("zhao", "ch01.q8")] == 1.0
    assert book.pending_reviews()["trainee"].tolist() == ["li"]
    assert any("Type a number from 0 to 1" in s for s in said)
    assert book.reviews()["reviewer"].tolist() == ["Ms Zhou", "Ms Zhou"]
    # end of input stops cleanly
    assert (
        review.run(args(), db, ask=lambda _: (_ for _ in ()).throw(EOFError), say=said.append) == 0
    )


def _set_li(db, score, by, *extra):
    """``course review --set``: li's answer to ch01.q8 gets ``score`` from ``by``."""
    return cli.main(["review", "--db", db, "--trainee", "li", "--exercise", "ch01.q8", "--set", score, "--by", by, *extra])


def test_set_and_accept_from_the_command_line(db, capsys):
    assert _set_li(db, "1", "Mr Qian", "--note", "a fair point after all") == 0
    assert cli.main(["review", "--db", db, "--accept", "--by", "Mr Qian"]) == 0
    book = Gradebook(db)
    assert book.pending_reviews().empty
    log = book.reviews().set_index("trainee")
    assert log.loc["li", "note"] == "a fair point after all" and log.loc["li", "new_score"] == 1.0
    assert (
        log.loc["wang", "note"] == "kit's suggestion accepted"
        and log.loc["wang", "new_score"] == 1.0
    )
    # a second change of an already reviewed answer is kept too
    assert _set_li(db, "0", "Ms Zhou") == 0
    assert Gradebook(db).reviews().query("trainee == 'li'")["new_score"].tolist() == [1.0, 0.0]
    capsys.readouterr()
    assert cli.main(["review", "--db", db, "--set", "1"]) == 2
    assert "needs --trainee and --exercise" in capsys.readouterr().err
    assert (
        cli.main(
            ["review", "--db", db, "--trainee", "nobody", "--exercise", "ch01.q8", "--set", "1"]
        )
        == 2
    )
    assert (
        cli.main(["review", "--db", db, "--trainee", "li", "--exercise", "ch01.q8", "--set", "3"])
        == 2
    )
    assert "between 0 and 1" in capsys.readouterr().err


def test_terminal_output_never_carries_escape_sequences(tmp_path, capsys):
    from course.grading.commands import printable

    assert printable("wang\x1b[2J\x1b]0;pwned\x07li") == "wang?[2J?]0;pwned?li"
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([_written("evil\x1b[31m", "answer \x1b]52;c;cm0gLXJmIH4=\x07 text")])
    assert cli.main(["review", "--db", book.url, "--list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "evil?[31m" in out
