"""The tokenizer's core promise: token text is always a slice of the message, whatever the input."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlu import gazetteer, morphology

PROTECTED = morphology.compile_protected(gazetteer.place_names())

hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
jamo = st.characters(min_codepoint=0x3131, max_codepoint=0x318E)
korean_text = st.text(
    alphabet=st.one_of(hangul, hangul, hangul, jamo, st.sampled_from(" \n\t.,!?~ㅋㅠ0123456789abcXYZ😀🙏👨‍👩‍👧")),
    max_size=120,
)


def assert_offsets(text, morphs):
    for m in morphs:
        assert text[m.start : m.end] == m.text, (text, m)
        assert m.text.strip() == m.text and m.text
    # Every non-space character is covered exactly once, in order.
    covered = "".join(m.text for m in morphs)
    assert covered == "".join(text.split())
    assert all(a.end <= b.start for a, b in zip(morphs, morphs[1:]))


@pytest.mark.parametrize("analyzer", ["okt", "komoran", "mecab"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=korean_text)
def test_offsets_always_slice_the_text(analyzer, text):
    assert_offsets(text, morphology.analyze(text, analyzer, PROTECTED))


@pytest.mark.parametrize("analyzer", ["okt", "komoran", "mecab"])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "쓰레기가안치워져요진짜너무하네요빨리좀치워주세요",
        "ㅠㅠㅠ ㅋㅋㅋ ㄱ",
        "0\tㄱ",  # Komoran returns this as one morpheme spanning the tab
        "가로등 고장!!!??? 😡😡😡 🙏",
        "Apt 101동 2층 CCTV 3대",
        "<script>alert('x')</script> '; DROP TABLE complaints; --",
        "도로가 파손되어 위험합니다. " * 700,
        "가" * 10_000,
    ],
)
def test_awkward_inputs(analyzer, text):
    morphs = morphology.analyze(text, analyzer, PROTECTED)
    assert_offsets(text, morphs)


def test_stems_go_to_the_lemma_not_the_text():
    morphs = morphology.analyze("가로등이 꺼져 있어요", "okt")
    verb = next(m for m in morphs if m.text == "꺼져")
    assert verb.lemma == "꺼지다"


@pytest.mark.parametrize("analyzer", ["okt", "mecab"])
def test_place_names_stay_whole(analyzer):
    for text in ["전곡읍 은대리 앞", "전곡읍에서", "은대리마을"]:
        texts = [m.text for m in morphology.analyze(text, analyzer, PROTECTED)]
        assert "전곡읍" in texts or "은대리" in texts, texts


@pytest.mark.parametrize(
    "text, token, lemma, pos",
    [
        ("가로등이 꺼졌어요", "꺼졌어요", "꺼지다", "Verb"),  # the endings stay with their verb, as in Okt
        ("도로가 위험합니다", "위험합니다", "위험하다", "Verb"),  # noun and 하다 are one predicate
        ("빨리 처리되었으면 좋겠습니다", "처리되었으면", "처리되다", "Verb"),
        ("물이 깨끗해요", "깨끗해요", "깨끗하다", "Adjective"),
        ("쓰레기가 쌓였어요", "쓰레기", "쓰레기", "Noun"),
        ("쓰레기가 쌓였어요", "가", "가", "Josa"),
    ],
)
def test_mecab_gives_dictionary_forms_and_okt_tags(text, token, lemma, pos):
    """The rest of the pipeline reads Okt's tag names and stems (the router keeps content words by tag)."""
    morphs = morphology.analyze(text, "mecab")
    assert_offsets(text, morphs)
    found = next(m for m in morphs if m.text == token)
    assert (found.lemma, found.pos) == (lemma, pos)


def test_mecab_needs_no_jvm():
    """In a process of its own: the analyzer config.yml uses runs without starting Java."""
    import subprocess
    import sys

    probe = (
        "from bot.nlu import morphology; import jpype; "
        "assert morphology.analyze('가로등이 꺼졌어요', 'mecab'); print(jpype.isJVMStarted())"
    )
    started = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert started.strip() == "False"


def test_komoran_normalised_morphemes_become_lemmas():
    morphs = morphology.analyze("했어요", "komoran")
    assert "".join(m.text for m in morphs) == "했어요"
    assert any(m.lemma != m.text for m in morphs)


def test_unknown_analyzer_is_refused():
    with pytest.raises(ValueError):
        morphology.get_analyzer("hannanum")


def test_missing_java_is_explained(monkeypatch):
    monkeypatch.setattr(morphology.shutil, "which", lambda name: None)
    with pytest.raises(morphology.JavaMissingError, match="Java"):
        morphology.check_java()


@pytest.mark.parametrize(
    "text",
    [
        "어제부터 도로에 구멍이 났어요ㅠㅠ 빨리 고쳐주세요!!",
        "이것도 되나욬ㅋㅋ (괄호: 1, 2) 맞았습니다\n새 줄에 씁니다",
        "가로등(Noun: 0, 3)이 꺼졌어요",  # text that looks like the analyzer's own rendering
    ],
)
def test_single_okt_call_agrees_with_konlpy(text):
    """The one-call path must give konlpy's morphemes and stems, only faster."""
    okt = morphology.get_analyzer("okt")
    assert morphology._okt_morphs(text) is not None  # not the slower fallback
    morphs = morphology.analyze(text, "okt")
    assert_offsets(text, morphs)
    assert [m.text for m in morphs] == [s for s, _ in okt.pos(text) if s.strip()]
    assert [m.lemma for m in morphs] == [s for s, _ in okt.pos(text, stem=True) if s.strip()]


def test_only_the_opening_of_a_long_post_is_analysed():
    post = "도로가 파손되어 위험합니다. " * 100
    opening = morphology.opening(post, 600)
    assert len(opening) <= 600 and post.startswith(opening) and not opening.endswith("위험")
    assert morphology.opening("짧은 글", 600) == "짧은 글"
    assert morphology.opening("가" * 1000, 600) == "가" * 600  # no space to cut at


def test_the_jvm_starts_with_the_serial_collector_and_the_options_from_the_environment():
    """In a process of its own: a JVM starts once per process, and this one's is already running."""
    import os
    import subprocess
    import sys

    probe = (
        "from bot.nlu import morphology; morphology.get_analyzer('okt'); import jpype; "
        "print(list(jpype.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))"
    )
    env = {**os.environ, morphology.JVM_OPTIONS_ENV: "-Xmn40m -Xss1m"}
    arguments = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout
    for option in (*morphology.JVM_OPTIONS, "-Xmn40m", "-Xss1m"):
        assert f"'{option}'" in arguments
