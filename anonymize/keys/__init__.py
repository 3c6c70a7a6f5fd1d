"""The analysts' keys and the secrets around them.

``pair``: the analysts' HPKE key pair and its files (private key sealed by a passphrase);
``file_format``: the key files' JSON, checked field by field; ``keyring``: the project's key
folder (which files exist, who needs which, rotation); ``passphrases``: what a new passphrase must be;
``form_state_secret``: the secret that seals a respondent's half-filled form between pages.
"""
