"""Rasa entity extractor for phone numbers, receipt numbers, dates and road addresses."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import pattern_entities
from bot.nlu.code_fingerprint import CodeFingerprinted


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PatternEntityExtractor(CodeFingerprinted, GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PatternEntityExtractor":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            existing = message.get(ENTITIES, [])
            found = [
                {
                    "entity": f.entity,
                    "start": f.start,
                    "end": f.end,
                    "value": f.value,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                    "text": text[f.start : f.end],
                }
                for f in pattern_entities.extract(text)
                # A road address the CRF or the gazetteer already marked is not added twice.
                if not any(e["start"] < f.end and f.start < e["end"] for e in existing)
            ]
            message.set(ENTITIES, sorted(existing + found, key=lambda e: e["start"]), add_to_output=True)
        return messages
