"""Reading articles safely: sizes, binary files, encodings, HTML furniture, boilerplate and sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.extraction.article import (
    MAX_BYTES,
    ArticleError,
    article_from_bytes,
    article_from_text,
    boilerplate_spans,
    clean_text,
    html_to_text,
    read_article,
    sentence_spans,
    split_sentences,
)

STORY = "Two soldiers were killed in clashes near Khorog on Monday, officials said.\n"


def test_plain_text_file(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    article = read_article(path)
    assert article.text == STORY.strip()
    assert (article.encoding, article.messages) == ("utf-8", ())


def test_missing_and_empty_files(tmp_path: Path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(ArticleError, match=r"empty\.txt: the file is empty"):
        read_article(empty)
    with pytest.raises(ArticleError, match="pasted text: the text is empty"):
        article_from_text("   ")


def test_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    with pytest.raises(ArticleError, match=r"scan\.pdf: this looks like a binary file"):
        read_article(path)
    with pytest.raises(ArticleError, match="binary"):
        article_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.png")


def test_file_over_the_size_limit_is_refused(tmp_path: Path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(ArticleError, match=r"huge.txt: 5.2 MB is larger than the 5 MB limit"):
        read_article(path)
    with pytest.raises(ArticleError, match="larger than the 5 MB limit"):
        article_from_text("b" * (MAX_BYTES + 1))


def test_cp1251_cyrillic_text_is_decoded_with_a_message():
    text = "Пограничники задержали нарушителей в Хороге."
    article = article_from_bytes(text.encode("cp1251"), name="ru.txt")
    assert article.text == text
    assert article.encoding == "cp1251"
    assert "not UTF-8" in article.messages[0] and "windows-1251" in article.messages[0]


def test_latin1_text_is_decoded_as_western_european():
    text = "Le café près de la frontière à Khorog était fermé."
    article = article_from_bytes(text.encode("latin-1"), name="fr.txt")
    assert article.text == text
    assert article.encoding == "cp1252"
    assert "windows-1252" in article.messages[0]


def test_utf16_with_bom_is_read():
    article = article_from_bytes(STORY.encode("utf-16"), name="u16.txt")
    assert article.text == STORY.strip()


HTML = """<!doctype html><html><head><title>Clash near Khorog</title>
<style>p { color: red }</style><script>var tracking = "killed 99 people";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<header>Site header</header>
<article><h1>Clash near Khorog</h1><p>Two soldiers were killed near Khorog.</p>
<div class="share-bar">Share on Facebook</div>
<p>Officials said the border was closed.</p></article>
<section id="comments"><p>Great article! 17 comments</p></section>
<footer>Copyright</footer></body></html>"""


def test_html_loses_scripts_styles_navigation_and_comments():
    text, title = html_to_text(HTML)
    assert title == "Clash near Khorog"
    assert "Two soldiers were killed near Khorog." in text and "border was closed" in text
    for furniture in ("tracking", "color", "Home", "Site header", "Share on", "Great article", "Copyright"):
        assert furniture not in text
    article = article_from_bytes(HTML.encode(), name="page.html")
    assert article.title == "Clash near Khorog" and "killed 99" not in article.text


def test_pasted_html_is_recognised():
    assert article_from_text("<p>Two soldiers were killed.</p><script>x()</script>").text == "Two soldiers were killed."


def test_boilerplate_lines_and_comment_tail():
    text = ("2,500 $\nSupport SouthFront\nClick to see full-size image\nA real sentence about clashes.\n"
            "MORE ON THE TOPIC:\n17 Comments\nOldest\nReader opinion that must go.\n")
    spans = boilerplate_spans(text)
    assert text[spans[-1][0]:].startswith("17 Comments")
    assert clean_text(text) == "A real sentence about clashes."


def test_markup_only_input_is_refused():
    with pytest.raises(ArticleError, match="no article text left"):
        article_from_bytes(b"<html><script>x()</script><nav>Home</nav></html>", name="empty.html")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Col.-Gen. Alexander Manilov said militants gathered. The U.S. envoy agreed.", 2),
        ("A conference took place in St. Petersburg, Russia. It ended on Friday.", 2),
        ("Mr. Smith met Dr. Jones on Feb. 10 in Kabul. They talked.", 2),
        ("“We know,” he said. “They are here.”", 2),
    ],
)
def test_sentence_splitter_respects_abbreviations(text, count):
    spans = split_sentences(text)
    assert len(spans) == count
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


def test_sentence_spans_skip_boilerplate_and_number_paragraphs():
    text = "Support SouthFront\nFirst paragraph. Still first.\n\nSecond paragraph.\n"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e, _ in spans] == ["First paragraph.", "Still first.", "Second paragraph."]
    assert spans[0][2] == spans[1][2] != spans[2][2]
