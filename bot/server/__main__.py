"""`python -m bot.server run ...`: Rasa's command line with the fixes in rasa_patches applied first, the
payload guard on every input channel (payload_guard), and the HTTP API kept internal (access: loopback
unless RASA_HOST is set, token from RASA_TOKEN)."""

import os
import sys

# TensorFlow 2.12 imports JAX when present (a dependency it declares) only for TFLite's model conversion,
# which a server never does; not importing it keeps 66 MB out of the server. The import is guarded in
# TensorFlow (tensorflow/lite/python/util.py), which reads None in sys.modules as JAX being absent.
sys.modules["jax"] = None

from bot.nlu.morphology import JVM_OPTIONS_ENV  # noqa: E402  (after the JAX line on purpose)
from bot.server import access, payload_guard, rasa_patches  # noqa: E402

# Where config.yml chooses Okt: the server's JVM heap kept near Okt's live set (bot/nlu/morphology.py);
# training goes without.
os.environ.setdefault(JVM_OPTIONS_ENV, "-Xmn48m")

rasa_patches.apply()
payload_guard.apply()
access.apply()

from rasa.__main__ import main  # noqa: E402  (after the patches on purpose)

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    sys.argv[1:] = access.run_arguments(sys.argv[1:], os.environ)
    sys.exit(main())
