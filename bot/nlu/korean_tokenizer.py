"""Rasa tokenizer for Korean built on konlpy (Mecab by default; Okt or Komoran, on the JVM, selectable)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import gazetteer, morphology
from bot.nlu.code_fingerprint import CodeFingerprinted

# Rasa's CRFEntityExtractor reads the part of speech from this key.
POS_TAG_KEY = "pos"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class KoreanTokenizer(CodeFingerprinted, Tokenizer):
    """Morpheme tokens whose text is always a slice of the message; stems go into the lemma.

    County place names are kept as single tokens, so features and entity spans see 전곡읍 the same
    way in "전곡읍에서", "전곡읍 앞" and "전곡읍".
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # Tokenizer's own options (Rasa's base class reads them but defines no defaults).
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            "analyzer": morphology.DEFAULT_ANALYZER,
            "keep_place_names": True,
            # Only this many leading characters of a message are analysed (morphology.DEFAULT_MAX_CHARS).
            "max_chars": morphology.DEFAULT_MAX_CHARS,
            # None: COUNTY_CONFIG, else the example county.
            "county_config": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["konlpy"]

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self.analyzer = config["analyzer"].lower()
        if self.analyzer not in morphology.SUPPORTED_ANALYZERS:
            raise ValueError(
                f"KoreanTokenizer: unknown analyzer '{self.analyzer}', choose one of {morphology.SUPPORTED_ANALYZERS}"
            )
        names = gazetteer.place_names(config.get("county_config")) if config["keep_place_names"] else []
        self.protected = morphology.compile_protected(names)
        # Fail at load time, with a plain message, and warm the JVM up rather than on the first
        # citizen's message.
        morphology.get_analyzer(self.analyzer)
        morphology.warm_up(self.analyzer)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "KoreanTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = morphology.opening(message.get(attribute) or "", self._config["max_chars"])
        tokens = [
            Token(m.text, m.start, end=m.end, data={POS_TAG_KEY: m.pos}, lemma=m.lemma)
            for m in morphology.analyze(text, self.analyzer, self.protected)
        ]
        return self._apply_token_pattern(tokens)
