"""Rasa entity extractor: county places found by the spaCy gazetteer pipeline.

Adds `location` (the place as the citizen wrote it) and `township` (its 읍·면, for routing to
the right 읍·면 office). A location the CRF already found is kept when it covers the same text:
"은대리 마을회관 앞" says more than "은대리"; the township is added either way.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import morphology, spacy_korean
from bot.nlu.code_fingerprint import CodeFingerprinted


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CountyLocationExtractor(CodeFingerprinted, GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"analyzer": morphology.DEFAULT_ANALYZER, "county_config": None}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy", "konlpy"]

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.county_config = config.get("county_config")
        self.nlp = spacy_korean.build_pipeline(config.get("analyzer", morphology.DEFAULT_ANALYZER), self.county_config)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CountyLocationExtractor":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            doc = spacy_korean.run_pipes(
                self.nlp, spacy_korean.doc_from_tokens(self.nlp.vocab, text, message.get(TOKENS_NAMES[TEXT], []))
            )
            message.set(ENTITIES, self._merge(message.get(ENTITIES, []), doc), add_to_output=True)
        return messages

    def _merge(self, existing: List[Dict[Text, Any]], doc) -> List[Dict[Text, Any]]:
        entities = list(existing)
        for ent, place in spacy_korean.locations(doc, self.county_config):
            start, end = ent.start_char, ent.end_char
            covered = any(e["entity"] == "location" and e["start"] < end and start < e["end"] for e in existing)
            if not covered:
                entities.append(self._entity("location", start, end, place.canonical, ent.text))
            entities.append(self._entity("township", start, end, place.township, ent.text))
        return sorted(entities, key=lambda e: (e["start"], e["entity"]))

    def _entity(self, name: str, start: int, end: int, value: str, text: str) -> Dict[Text, Any]:
        return {
            "entity": name,
            "start": start,
            "end": end,
            "value": value,
            "confidence_entity": 1.0,
            "extractor": self.__class__.__name__,
            "text": text,
        }
