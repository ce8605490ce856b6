"""One error tree for the whole runtime.

    AegisError                 code            meaning
    ├── InvalidInput           invalid         the caller sent something unusable
    │   └── TooLarge           too_large       text or payload over a size limit
    ├── NotFound               not_found       no such memory in the caller's namespaces
    ├── Unavailable            unavailable     the store cannot be reached or opened
    ├── Unauthorized           unauthorized    the server rejected the credentials
    ├── Forbidden              forbidden       the credentials do not cover this namespace/action
    ├── ReadOnly               read_only       writes are refused (read-only token or store)
    ├── RateLimited            rate_limited    the server asked us to slow down
    └── QuotaExceeded          quota_exceeded  the tenant is out of room

Backends translate their own exceptions (``sqlite3``, socket, ``aegisdb``) into
these at their boundary; adapters map ``code`` to exit statuses or MCP errors.
Messages are one line and never contain memory text that might hold a secret.
"""


class AegisError(Exception):
    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(AegisError):
    code = "invalid"


class TooLarge(InvalidInput):
    code = "too_large"


class NotFound(AegisError):
    code = "not_found"


class Unavailable(AegisError):
    code = "unavailable"


class Unauthorized(AegisError):
    code = "unauthorized"


class Forbidden(AegisError):
    code = "forbidden"


class ReadOnly(AegisError):
    code = "read_only"


class RateLimited(AegisError):
    code = "rate_limited"


class QuotaExceeded(AegisError):
    code = "quota_exceeded"


ERROR_CODES = tuple(
    cls.code
    for cls in (AegisError, InvalidInput, TooLarge, NotFound, Unavailable, Unauthorized,
                Forbidden, ReadOnly, RateLimited, QuotaExceeded)
)
