"""libvenv's exceptions, and turning the C codes and arguments across."""
from __future__ import annotations

import os
from typing import Dict, Optional, Type, Union

from . import _native

StrPath = Union[str, "os.PathLike[str]"]


class VenvError(Exception):
    """A failure reported by libvenv: `code` is the C code (VENV_E*),
    `message` the one line naming the path and the remedy, `errno` the failed
    system call's errno (None if none failed), `path` the path concerned
    (None if none)."""

    code = -1

    def __init__(self, message: str, code: Optional[int] = None,
                 errno: Optional[int] = None, path: Optional[str] = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.errno = errno
        self.path = path
        if isinstance(self, OSError):
            self.filename = path


class InvalidArgumentError(VenvError, ValueError):
    """VENV_EINVALID: a bad argument (empty path, ':' in a path, ...)."""
    code = -2


class ExistsError(VenvError, FileExistsError):
    """VENV_EEXISTS: the target exists and may not be used as it is."""
    code = -3


class NotAVenvError(VenvError):
    """VENV_ENOTVENV: a directory that should be a virtual environment is not one."""
    code = -4


class NoPythonError(VenvError):
    """VENV_ENOPYTHON: no usable base interpreter."""
    code = -5


_ERRORS: Dict[int, Type[VenvError]] = {
    cls.code: cls for cls in (InvalidArgumentError, ExistsError, NotAVenvError, NoPythonError)
}


def check(code: int) -> None:
    """Raise the exception for a failed call, reading the error at once, on
    this thread (the library keeps it per thread)."""
    if code == 0:
        return
    error = _native.library().venv_error_last().contents
    message = error.message.decode("utf-8", "replace") if error.message else ""
    path = os.fsdecode(error.path) if error.path else None
    raise _ERRORS.get(code, VenvError)(message, code, error.sys_errno or None, path)


def encode(value: Union[StrPath, bytes, None], name: str) -> Optional[bytes]:
    """A str, bytes or path-like argument as the C string the library takes."""
    if value is None:
        return None
    text = os.fspath(value)
    if (b"\0" if isinstance(text, bytes) else "\0") in text:
        # A C string would end at the NUL and name another path.
        raise InvalidArgumentError("%s contains a NUL character: %r" % (name, text), -2)
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgumentError("%s is not valid UTF-8: %r" % (name, text), -2) from None


def decode(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8")
