"""The charter diff marks prose changes word by word, with version pickers naming date and description."""

from django.urls import reverse

from governance.diff import charter_diff_rows
from governance.models import CharterVersion


def test_a_changed_sentence_is_marked_word_by_word():
    rows = charter_diff_rows("Each member company has one vote.", "Each seated member company has one vote.")
    assert [row.kind for row in rows] == ["change"]
    assert rows[0].html == "Each<ins> seated</ins> member company has one vote."


def test_removed_and_added_paragraphs_and_folded_unchanged_text():
    old = "\n".join(["# Charter", "a", "b", "c", "d", "e", "f", "Old paragraph."])
    new = "\n".join(["# Charter", "a", "b", "c", "d", "e", "f", "New paragraph.", "Added <b>here</b>."])
    rows = charter_diff_rows(old, new)
    kinds = [row.kind for row in rows]
    assert "skip" in kinds and rows[kinds.index("skip")].html == "… 5 unchanged lines …"
    assert any(
        row.html == "<del>Old</del><ins>New</ins> paragraph.\n<ins>Added &lt;b&gt;here&lt;/b&gt;.</ins>"
        or "&lt;b&gt;" in row.html
        for row in rows
    )
    assert "<b>" not in "".join(row.html for row in rows)


def test_the_pickers_name_each_versions_date_and_description(client, db):
    CharterVersion.objects.create(
        number=1, effective_on="2016-05-01", text="One vote.", change_summary="First Draft", author_name="Jamey"
    )
    CharterVersion.objects.create(
        number=2, effective_on="2016-07-01", text="One vote each.", change_summary="Heavy reword", author_name="Andy"
    )
    for page in [reverse("governance:charter"), reverse("governance:charter-diff") + "?a=1&b=2"]:
        html = client.get(page).content.decode()
        assert "Version 1 — 1 May 2016: First Draft" in html and "Version 2 — 1 Jul 2016: Heavy reword" in html
    diff = client.get(reverse("governance:charter-diff"), {"a": 1, "b": 2}).content.decode()
    assert "One vote<ins> each</ins>." in diff
