"""Bundled example projects (installed as ``survey.examples``); ``eqsurvey init --example NAME`` copies one."""
