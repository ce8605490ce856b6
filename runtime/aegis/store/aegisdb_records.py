"""How an Aegis memory is written as an AegisDB record, and read back.

Every memory is a ``semantic`` record (episodic records are immutable on the
server, and every memory must be updatable). ``data`` is the memory text, so
the server's BM25 index searches exactly what the user wrote; importance and
confidence are the record's own fields and are always set (the server's
``forget`` deletes records that have none).

What the server has no field for travels in *reserved tags*. The server allows
tags of 1–64 characters from ``[A-Za-z0-9_-]`` and matches them case-sensitively;
user tags are always lowercase (``models.normalize_tags``), so every reserved
tag starts with the uppercase ``AEGIS_`` and can never collide with one::

    AEGIS_ID-<memory id>         the stable Aegis id (kept across migrations)
    AEGIS_H-<content hash>       the exact-duplicate key (``find_duplicate``)
    AEGIS_CAP-<capture id>       the capture replay key (AEGIS_CAPH-<hash> if not tag-safe)
    AEGIS_K-event                kind (absent: fact)
    AEGIS_SRC-<source>           who wrote it (user, capture, import, …)
    AEGIS_C-<epoch ms>           created_at, as Aegis saw it (survives migration)
    AEGIS_U-<epoch ms>           updated_at of this version
    AEGIS_V-<n>                  version number
    AEGIS_S-<memory id>          superseded_by (AEGIS_SH-<hash> if not tag-safe)
    AEGIS_NS-<hash>              the tier, for user-tier memories (see below)
    AEGIS_T-<base32>             a user tag with characters the server refuses
    AEGIS_M-<dims>-<base32>      the embedding model of the record's vector (if any)

Namespaces map to ``agent_id``: verbatim when the server accepts it (1–128
bytes, no control characters), else a readable prefix plus a hash — one
deterministic function, so every client maps a namespace the same way. The
store always reads one namespace's records with its own ``agent_id`` filter, so
the original namespace is known from the query and never has to be decoded.

User-tier memories also carry ``AEGIS_NS-<hash of the namespace>``: with a
namespaced token every write lands in the token's namespace, and that tag is
what keeps a person's ``user:`` tier apart from the project pool inside it.

The server's tokenizer keeps any run of non-ASCII characters whole, so a memory in
Chinese or Japanese would be found only by a whole run ("日本語のテキスト", not
"日本語") and an emoji only where spaces surround it. A text that has such runs or
emoji therefore carries its index terms (``aegis.text.index_terms``: bigrams, one
term per emoji) after it in ``data``, behind ``TERMS_MARK`` (a control character
no memory text may hold, and a separator to the server); ``to_memory`` reads the text
without them. Other text is stored exactly as written.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any, Iterable

from aegis.errors import InvalidInput
from aegis.models import Memory
from aegis.namespace import USER_PREFIX

MAX_AGENT_ID_BYTES = 128
MAX_TAG_CHARS = 64
SERVER_TAG = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
RESERVED = "AEGIS_"
INVERSE_PREFIX = "inverse:"          # the reverse edge ``relate`` writes beside each relation

ID, HASH, CAPTURE, KIND, SOURCE = "AEGIS_ID-", "AEGIS_H-", "AEGIS_CAP-", "AEGIS_K-", "AEGIS_SRC-"
CREATED, UPDATED, VERSION, SUPERSEDED = "AEGIS_C-", "AEGIS_U-", "AEGIS_V-", "AEGIS_S-"
TIER, ENCODED_TAG = "AEGIS_NS-", "AEGIS_T-"
HASHED_CAPTURE, HASHED_SUPERSEDED = "AEGIS_CAPH-", "AEGIS_SH-"   # ids that are not tag-safe
MODEL = "AEGIS_M-"
TERMS_MARK = "\x1f"                 # between a memory's text and its index terms in ``data``


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def agent_id(namespace: str) -> str:
    """The server ``agent_id`` for a namespace: deterministic, and verbatim when allowed."""
    raw = namespace.encode("utf-8")
    if 0 < len(raw) <= MAX_AGENT_ID_BYTES and not any(b < 0x20 or b == 0x7F for b in raw):
        return namespace
    printable = "".join(c if c.isprintable() else "_" for c in namespace)
    prefix = printable.encode("utf-8")[:96].decode("utf-8", "ignore")
    return f"{prefix}~{_digest(namespace, 24)}"


def tier_tag(namespace: str) -> str | None:
    return TIER + _digest(namespace, 24) if namespace.startswith(USER_PREFIX) else None


def id_tag(memory_id: str) -> str:
    tag = ID + memory_id
    if not SERVER_TAG.match(tag):
        raise InvalidInput(f"memory id {memory_id[:40]!r} cannot be stored on AegisDB "
                           "(letters, digits, '_' and '-' only, at most 55 characters)")
    return tag


def hash_tag(text_hash: str) -> str:
    return HASH + text_hash[:48]


def capture_tag(capture_id: str) -> str:
    tag = CAPTURE + capture_id
    return tag if SERVER_TAG.match(tag) else HASHED_CAPTURE + _digest(capture_id, 48)


def user_tag(tag: str) -> str:
    """A user tag as the server will accept it (reversibly encoded when needed)."""
    if SERVER_TAG.match(tag) and not tag.startswith(RESERVED):
        return tag
    encoded = ENCODED_TAG + base64.b32encode(tag.encode("utf-8")).decode("ascii").rstrip("=")
    if len(encoded) > MAX_TAG_CHARS:
        raise InvalidInput(f"tag {tag[:40]!r} is too long for AegisDB with those characters "
                           "(at most 34 bytes when it has anything but letters, digits, - and _)")
    return encoded


def _decode_user_tag(tag: str) -> str:
    body = tag[len(ENCODED_TAG):]
    return base64.b32decode(body + "=" * (-len(body) % 8)).decode("utf-8")


def _ms(seconds: float) -> str:
    return str(int(round(seconds * 1000)))


def model_tag(model: str, dimensions: int) -> str:
    """Which model made a record's vector; vectors of other models are never compared."""
    tag = f"{MODEL}{int(dimensions)}-" + base64.b32encode(model.encode("utf-8")).decode(
        "ascii").rstrip("=")
    return tag if len(tag) <= MAX_TAG_CHARS else f"{MODEL}{int(dimensions)}-h{_digest(model, 32)}"


def model_key(model: str, dimensions: int) -> tuple[str, int] | None:
    """What ``model_of`` reads back from this model's tag: the model itself, or the
    digest that stands for a name too long for a tag. Compare with this, never with
    the name, or a long model id (the local one) matches no stored vector."""
    return model_of([model_tag(model, dimensions)])


def model_of(tags: Iterable[str]) -> tuple[str, int] | None:
    """(model, dimensions) from a record's model tag, if it has one."""
    value = reserved(tags, MODEL)
    if not value or "-" not in value:
        return None
    dims, _, body = value.partition("-")
    try:
        name = body if body.startswith("h") else (      # base32 is uppercase: "h" is a hash
            base64.b32decode(body + "=" * (-len(body) % 8)).decode("utf-8"))
        return name, int(dims)
    except ValueError:
        return None


def record_tags(memory: Memory, extra: Iterable[str] = ()) -> list[str]:
    """The full tag list (user tags + reserved) that stores ``memory`` on the server."""
    from aegis.models import content_hash
    tags = [user_tag(tag) for tag in memory.tags] + list(extra)
    tags += [id_tag(memory.id), hash_tag(content_hash(memory.text)),
             SOURCE + _safe_word(memory.source), CREATED + _ms(memory.created_at),
             UPDATED + _ms(memory.updated_at), VERSION + str(int(memory.version))]
    if memory.kind != "fact":
        tags.append(KIND + _safe_word(memory.kind))
    if memory.capture_id:
        tags.append(capture_tag(memory.capture_id))
    if memory.superseded_by:
        tags.append(SUPERSEDED + memory.superseded_by
                    if SERVER_TAG.match(SUPERSEDED + memory.superseded_by)
                    else HASHED_SUPERSEDED + _digest(memory.superseded_by, 40))
    tier = tier_tag(memory.namespace)
    if tier:
        tags.append(tier)
    return tags


def record_data(memory: Memory) -> str:
    """The record ``data`` that stores ``memory``'s text: the text, then its index
    terms when it has any."""
    from aegis.text import index_terms
    terms = index_terms(memory.text, memory.tags)
    return f"{memory.text}{TERMS_MARK}{terms}" if terms else memory.text


def _safe_word(text: str) -> str:
    word = re.sub(r"[^A-Za-z0-9_-]", "-", text or "")[:40]
    return word or "unknown"


def reserved(tags: Iterable[str], prefix: str) -> str | None:
    for tag in tags:
        if tag.startswith(prefix):
            return tag[len(prefix):]
    return None


def _seconds(value: str | None, fallback_ms: Any) -> float:
    try:
        return int(value) / 1000.0 if value is not None else float(fallback_ms or 0) / 1000.0
    except ValueError:
        return float(fallback_ms or 0) / 1000.0


def to_memory(record: dict, namespace: str) -> Memory | None:
    """The memory a server record holds, or None if Aegis did not write it."""
    tags = [str(t) for t in record.get("tags") or ()]
    memory_id = reserved(tags, ID)
    if memory_id is None:
        return None
    user_tags = tuple(_decode_user_tag(t) if t.startswith(ENCODED_TAG) else t
                      for t in tags if not t.startswith(RESERVED) or t.startswith(ENCODED_TAG))
    capture = reserved(tags, CAPTURE)
    last = record.get("last_recalled")
    try:
        version = int(reserved(tags, VERSION) or 1)
    except ValueError:
        version = 1
    return Memory(
        id=memory_id, namespace=namespace,
        text=str(record.get("data") or "").partition(TERMS_MARK)[0],
        kind=reserved(tags, KIND) or "fact", tags=user_tags,
        importance=_unit(record.get("importance") or 0.0),
        confidence=_unit(record.get("confidence", 1.0)),
        source=reserved(tags, SOURCE) or "user",
        created_at=_seconds(reserved(tags, CREATED), record.get("created")),
        updated_at=_seconds(reserved(tags, UPDATED), record.get("updated")),
        version=version, recall_count=int(record.get("recall_count") or 0),
        last_recalled_at=float(last) / 1000.0 if last else None,
        superseded_by=reserved(tags, SUPERSEDED) or reserved(tags, HASHED_SUPERSEDED),
        capture_id=capture)


def tier_of(record: dict) -> str | None:
    return next((t for t in record.get("tags") or () if str(t).startswith(TIER)), None)


def _unit(value) -> float:
    """A 0..1 weight as written: the server keeps float32 (0.9 comes back as
    0.899999976), and six decimals are more than any caller sets."""
    return round(float(value), 6)
