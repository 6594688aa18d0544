"""The Rasa server's entry point (bot/server/__main__.py) keeps JAX out of the server and TensorFlow working."""

import subprocess
import sys

from tests.support.bot_env import bot_env

# Imported as `python -m bot.server` imports it, in a fresh interpreter: this test process may hold JAX already.
PROBE = """
import sys
import bot.server.__main__
from rasa.core.agent import Agent
import tensorflow as tf
from tensorflow.lite.python import util
print(sorted(m for m in sys.modules if m.split(".")[0] in ("jax", "jaxlib") and sys.modules[m] is not None))
print(util._xla_computation is None, float(tf.reduce_sum(tf.constant([1.0, 2.0]))))
"""


def test_the_server_does_not_import_jax_and_tensorflow_still_computes():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=bot_env()
    ).stdout.splitlines()
    assert out[-2:] == ["[]", "True 3.0"]
