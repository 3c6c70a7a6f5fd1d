"""Bundled example projects (installed as ``eqsurvey.examples``); ``eqsurvey init --example NAME`` copies one."""
