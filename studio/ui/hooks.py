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


class RequiresHooks:
    """Mixed into a base widget that names its ``HOOKS``: each subclass is held to them."""
    HOOKS: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "HOOKS" not in cls.__dict__:       # the base itself declares them and defines none
            require_hooks(cls, cls.HOOKS)
