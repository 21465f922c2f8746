"""The charter diff marks prose changes word by word, with version pickers naming date and description."""

from django.urls import reverse

from governance.diff import charter_diff_rows
from governance.models import CharterVersion


def test_a_changed_sentence_is_marked_word_by_word():
    rows = charter_diff_rows("Each member company has one vote.", "Each seated member company has one vote.")
    assert [row.kind for row in rows] == ["change"]
    assert rows[0].html == "Each<ins> seated</ins> member company has one vote."


def test_edited_lines_are_marked_word_by_word_and_unchanged_text_folded():
    old = "\n".join(["# Charter", "a", "b", "c", "d", "e", "f", "Old paragraph."])
    new = "\n".join(["# Charter", "a", "b", "c", "d", "e", "f", "New paragraph.", "Added <b>here</b>."])
    rows = charter_diff_rows(old, new)
    assert [row.kind for row in rows] == ["skip", "same", "same", "change"]
    assert rows[0].html == "… 5 unchanged lines …"
    assert rows[3].html == "<del>Old</del><ins>New</ins> paragraph.<ins>\nAdded &lt;b&gt;here&lt;/b&gt;.</ins>"


def test_a_rewritten_passage_is_shown_removed_then_added():
    rows = charter_diff_rows("The chair decides alone.", "Every member company votes, one seat each.")
    assert [(row.kind, row.html) for row in rows] == [
        ("del", "<del>The chair decides alone.</del>"),
        ("add", "<ins>Every member company votes, one seat each.</ins>"),
    ]


def test_the_pickers_name_each_versions_date_and_description(client, db):
    CharterVersion.objects.create(
        number=1, effective_on="2016-05-01", text="One vote.", change_summary="First Draft", author_name="Jamey"
    )
    CharterVersion.objects.create(
        number=2, effective_on="2016-07-01", text="One vote each.", change_summary="Heavy reword", author_name="Andy"
    )
    for page in [reverse("governance:charter"), reverse("governance:charter-diff") + "?a=1&b=2"]:
        html = client.get(page).content.decode()
        assert "Version 1 — Sun 1 May 2016: First Draft" in html and "Version 2 — Fri 1 Jul 2016: Heavy reword" in html
    diff = client.get(reverse("governance:charter-diff"), {"a": 1, "b": 2}).content.decode()
    assert "One vote<ins> each</ins>." in diff
