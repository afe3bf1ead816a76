"""A block's anchor: a short fingerprint of what the block says, so a comment made on a review
copy finds its block again after the designer has moved blocks around.

Trim points and viewing time are left out: trimming a clip after the review does not make the
SME's comment on it any less about that clip."""
from __future__ import annotations

import dataclasses
import hashlib
import json

from studio import model as m

_IGNORED = {"in_s", "out_s", "seconds"}


def block_anchor(block: m.Block) -> str:
    fields = {k: v for k, v in dataclasses.asdict(block).items() if k not in _IGNORED}
    text = json.dumps([block.kind, fields], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
