"""bot/server/access.py: `rasa run` binds to loopback unless told otherwise and never serves its HTTP API
without a token; the token is read from a header as well as Rasa's query parameter."""

from __future__ import annotations

import pytest

from bot.server.access import run_arguments


def option(args, name):
    return args[args.index(name) + 1]


def test_loopback_unless_an_interface_is_set():
    args = run_arguments(["run", "--port", "5005"], {})
    assert option(args, "--interface") == "127.0.0.1"
    assert option(run_arguments(["run"], {"RASA_HOST": "10.0.0.5"}), "--interface") == "10.0.0.5"
    # An explicit interface on the command line wins over the environment.
    assert run_arguments(["run", "-i", "0.0.0.0"], {"RASA_HOST": "10.0.0.5"}).count("--interface") == 0
    assert run_arguments(["run", "--interface=::1"], {}).count("--interface") == 0


def test_the_http_api_needs_a_token():
    with pytest.raises(SystemExit, match="RASA_TOKEN"):
        run_arguments(["run", "--enable-api"], {})
    with pytest.raises(SystemExit):
        run_arguments(["run", "--enable-api"], {"RASA_TOKEN": ""})
    assert "--auth-token=s3cret" in run_arguments(["run", "--enable-api"], {"RASA_TOKEN": "s3cret"})
    # One argument, so that a token starting with "-" (secrets.token_urlsafe makes such) is not read as an option.
    assert "--auth-token=-x9" in run_arguments(["run", "--enable-api"], {"RASA_TOKEN": "-x9"})
    # Without the HTTP API only the channels are served: no token needed.
    assert not any(a.startswith("--auth-token") for a in run_arguments(["run"], {"RASA_TOKEN": "s3cret"}))
    # JWT instead of a token is Rasa's other way in.
    assert not any(
        a.startswith("--auth-token") for a in run_arguments(["run", "--enable-api", "--jwt-secret", "k"], {})
    )


def test_other_commands_are_left_alone():
    for args in (["run", "actions", "--port", "5055"], ["train"], ["shell"], []):
        assert run_arguments(args, {"RASA_HOST": "0.0.0.0"}) == args
