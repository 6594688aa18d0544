"""Rules both Python environments need, each written once: the bot (Rasa, actions) and the API import them.

Pure Python (standard library and PyYAML) so that it installs into either environment; nothing here may
import Rasa, pydantic or FastAPI.
"""
