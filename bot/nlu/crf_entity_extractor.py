"""Rasa's CRF entity extractor, stored as the trained CRF rather than as its training set.

Rasa 3.6.21 stores the CRF's training set in the model (28 MB of JSON here) and trains the CRF again on
every load: 7 s of the server's start, about 200 MB at the peak, of which the process kept about 90 MB.
This extractor stores the file crfsuite writes when it trains, in crfsuite's own binary format (no
pickle), and opens it on load. Training and prediction are Rasa's.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Dict, List, Text

import sklearn_crfsuite
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

from bot.nlu.code_fingerprint import CodeFingerprinted

ORDER_FILE = "crf_order.json"


def _tagger_file(model_dir: Path, tag_name: str) -> Path:
    return model_dir / f"{tag_name}.crfsuite"


def _open_tagger(path: Path) -> sklearn_crfsuite.CRF:
    """A trained CRF from crfsuite's file, as sklearn_crfsuite itself restores one it had pickled."""
    crf = sklearn_crfsuite.CRF()
    # The model directory is a temporary one Rasa deletes after loading: the CRF gets its own file,
    # which sklearn_crfsuite deletes when the CRF is collected.
    crf.modelfile.ensure_name()
    Path(crf.modelfile.name).write_bytes(path.read_bytes())
    return crf


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class StoredCRFEntityExtractor(CodeFingerprinted, CRFEntityExtractor):
    def persist(self, dataset: List[List[CRFToken]]) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            for tag_name, tagger in self.entity_taggers.items():
                shutil.copyfile(tagger.modelfile.name, _tagger_file(model_dir, tag_name))
            dump_obj_as_json_to_file(model_dir / ORDER_FILE, self.crf_order)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> StoredCRFEntityExtractor:
        try:
            with model_storage.read_from(resource) as model_dir:
                crf_order = read_json_file(model_dir / ORDER_FILE)
                taggers = {name: _open_tagger(_tagger_file(model_dir, name)) for name in crf_order}
        except ValueError:  # nothing was stored: the training data had no entities
            return cls(config, model_storage, resource)
        extractor = cls(config, model_storage, resource, taggers)
        extractor.crf_order = crf_order
        return extractor
