"""Micro-module Studio: authoring micro-learning modules (core package, no Qt)."""

__version__ = "0.1.0"
