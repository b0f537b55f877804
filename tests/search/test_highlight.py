"""core.markup.highlight: the one place a search highlight becomes HTML."""

from core.markup import highlight

S, E = "\x02", "\x03"


def test_marks_pairs_and_escapes_everything_else():
    text = f'<b>{S}tremor{E}</b> & "x" {S}worse{E}'
    assert highlight(text, S, E) == (
        "&lt;b&gt;<mark>tremor</mark>&lt;/b&gt; &amp; &quot;x&quot; <mark>worse</mark>"
    )


def test_stray_sentinels_are_dropped_and_marks_always_close():
    assert highlight(f"a{E}b{S}c{S}d", S, E) == "ab<mark>cd</mark>"


def test_plain_text_is_only_escaped():
    assert highlight("<script>alert(1)</script>", S, E) == (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert type(highlight("x", S, E)) is str
