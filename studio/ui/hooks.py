"""Base widgets whose subclasses must fill in some methods. ``abc`` cannot say so here: Qt's
own metaclass creates the object without Python's abstract-method check, so a missing method
would only fail when first called. The base names its hooks instead, and a subclass that
lacks one is refused when its class is defined."""
from __future__ import annotations


def require_hooks(cls: type, hooks: tuple[str, ...]) -> None:
    """Raise TypeError when ``cls`` leaves one of ``hooks`` undefined (call from __init_subclass__)."""
    missing = [name for name in hooks if not callable(getattr(cls, name, None))]
    if missing:
        raise TypeError(f"{cls.__name__} must define {', '.join(missing)}")
