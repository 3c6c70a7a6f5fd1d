"""``eqsurvey keys …``: create, rotate and list the analysts' keys; rotate the web form's state secret.

``init`` and ``rotate`` return what they did (key ids, never key material);
the ``eqsurvey`` command that mounts this group writes it to the store's
audit log, which this package cannot reach.

The passphrase comes from the environment variable ``EQSURVEY_PASSPHRASE``
or a prompt, never from the command line, where it would land in the shell
history and the process list.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from kernel.errors import EqSurveyError

app = typer.Typer(
    help="Keys: the analysts' key pair and the pseudonym secret.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

PASSPHRASE_ENV = "EQSURVEY_PASSPHRASE"  # noqa: S105 - the name of a variable, not a passphrase
NEW_PASSPHRASE_ENV = "EQSURVEY_NEW_PASSPHRASE"  # noqa: S105 - likewise

PostQuantum = Annotated[
    bool,
    typer.Option(
        "--post-quantum",
        help="Use the hybrid ML-KEM-768 + X25519 suite (protects long-lived data against future quantum computers).",
    ),
]


def read_passphrase(
    env: str = PASSPHRASE_ENV, prompt: str = "Passphrase of the analysts' private key", confirm: bool = False
) -> str:
    """From the environment variable, else a hidden prompt; never from an argument."""
    value = os.environ.get(env)
    if value is None:
        if not sys.stdin.isatty():
            # Without a terminal getpass warns that it would echo the passphrase, then click prints "Aborted."
            raise EqSurveyError.single(
                "no-passphrase",
                f"no passphrase given: {env} is not set and there is no terminal to ask for it",
                f"set {env} in the environment of this command (e.g. from your password manager),"
                " or run it in a terminal to be asked",
            )
        value = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return value


def _new_passphrase(env: str, prompt: str) -> str:
    """Read with confirmation; the keyring refuses a weak one (see :mod:`.passphrases`)."""
    return read_passphrase(env, prompt, confirm=True)


@app.command()
@user_errors
def init(ctx: typer.Context, post_quantum: PostQuantum = False) -> dict[str, str]:
    """Create the analysts' key pair (private key under a passphrase) and the pseudonym secret.

    Example: EQSURVEY_PASSPHRASE='…' eqsurvey keys init --post-quantum
    """
    from anonymize.keys.pair import SuiteName
    from eqsurvey.resources import project_keyring

    project = require_project(ctx)
    keyring = project_keyring(project)
    passphrase = _new_passphrase(PASSPHRASE_ENV, "Passphrase for the analysts' private key")
    public = keyring.init(passphrase, SuiteName.mlkem768_x25519 if post_quantum else SuiteName.x25519)
    say(ctx, f"created key {public.key_id} ({public.suite}) and the pseudonym secret in {keyring.root}")
    say(
        ctx,
        "the collecting side needs keys/current, keys/public/ and keys/pseudonym-secret.json; keys/private/ stays with the analysts",
    )
    typer.echo(public.key_id)
    return {"action": "key-init", "project": str(project.root), "key_id": public.key_id, "suite": str(public.suite)}


@app.command()
@user_errors
def rotate(ctx: typer.Context, post_quantum: PostQuantum = False) -> dict[str, str]:
    """Make a new key pair for new responses; older keys stay, re-encrypted under the new passphrase.

    Example: EQSURVEY_PASSPHRASE='old…' EQSURVEY_NEW_PASSPHRASE='new…' eqsurvey keys rotate
    """
    from anonymize.keys.pair import SuiteName
    from eqsurvey.resources import project_keyring

    project = require_project(ctx)
    keyring = project_keyring(project)
    current = read_passphrase(PASSPHRASE_ENV, "Current passphrase", confirm=False)
    previous = keyring.current_key_id()
    keyring.private_keys(current)  # check it before asking for a new one
    if NEW_PASSPHRASE_ENV in os.environ or PASSPHRASE_ENV not in os.environ:
        new = _new_passphrase(NEW_PASSPHRASE_ENV, "New passphrase (may be the same)")
    else:
        new = current  # unattended rotation without a new passphrase keeps the current one
    public = keyring.rotate(current, new, SuiteName.mlkem768_x25519 if post_quantum else SuiteName.x25519)
    say(ctx, f"new responses are now sealed to key {public.key_id} ({public.suite}); older keys kept")
    typer.echo(public.key_id)
    return {
        "action": "key-rotate",
        "project": str(project.root),
        "key_id": public.key_id,
        "suite": str(public.suite),
        "previous": previous,
    }


@app.command("rotate-state-key")
@user_errors
def rotate_state_key(ctx: typer.Context) -> dict[str, str]:
    """Replace the web form's state secret (on the server); forms being filled in keep working.

    The replaced secret still opens forms for as long as a form lives (3 hours), then it is
    dropped. Running servers take the new one within a request; no restart is needed.

    Example: eqsurvey keys rotate-state-key
    """
    import time

    from anonymize.keys.form_state_secret import STATE_LIFETIME
    from eqsurvey.resources import project_keyring

    project = require_project(ctx)
    keyring = project_keyring(project)
    before, after = keyring.rotate_form_state(time.time(), STATE_LIFETIME)
    say(
        ctx,
        f"form states are now sealed with {after.current.key_id}; {before.current.key_id} opens them"
        f" for {STATE_LIFETIME // 3600} more hours",
    )
    typer.echo(after.current.key_id)
    return {
        "action": "state-key-rotate",
        "project": str(project.root),
        "key_id": after.current.key_id,
        "previous": before.current.key_id,
    }


@app.command("list")
@user_errors
def list_keys(ctx: typer.Context) -> None:
    """List the key pairs: id, suite, whether it is current, whether its private key is here.

    Example: eqsurvey keys list
    """
    from eqsurvey.resources import project_keyring

    keyring = project_keyring(require_project(ctx))
    current = keyring.current_key_id()
    for key_id in keyring.key_ids():
        public = keyring.public_key(key_id)
        flags = [str(public.suite)]
        if key_id == current:
            flags.append("current")
        flags.append("private key here" if keyring.private_file(key_id).exists() else "public only")
        typer.echo(f"{key_id}  {', '.join(flags)}")
