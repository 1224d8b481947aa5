"""Local paths and cluster URIs (s3a://, hdfs://, gs://) behind one small interface, via pyarrow.fs."""
from __future__ import annotations

import os
from typing import IO

from pyarrow import fs

from ..errors import InputError

__all__ = ["is_remote", "open_input", "output_filesystem", "write_text", "remove_dir"]

_REMOTE_PREFIXES = ("s3a://", "s3n://", "s3://", "hdfs://", "viewfs://", "gs://", "abfs://", "abfss://")


def is_remote(path: str) -> bool:
    """True for a URI a cluster file system serves (s3a://, hdfs://, gs:// ...)."""
    return path.startswith(_REMOTE_PREFIXES)


def _arrow_uri(path: str) -> str:
    # Hadoop's s3a:// and s3n:// are plain S3 to pyarrow.
    if path.startswith(("s3a://", "s3n://")):
        return "s3://" + path.split("://", 1)[1]
    return path


def output_filesystem(out: str):
    """(pyarrow FileSystem, path inside it) for an output folder, local or remote.

    >>> fs, path = output_filesystem("/tmp/out")
    >>> type(fs).__name__, path
    ('LocalFileSystem', '/tmp/out')
    """
    if is_remote(out):
        return fs.FileSystem.from_uri(_arrow_uri(out))
    local = out.removeprefix("file://")
    return fs.LocalFileSystem(), os.path.abspath(local)


def open_input(path: str) -> IO[bytes]:
    """Open a local path, file:// URL or cluster URI for reading bytes.

    Raises:
        InputError: the file does not exist or cannot be opened ("where: no such file").
    """
    try:
        if not is_remote(path):
            return open(path.removeprefix("file://"), "rb")
        filesystem, inner = fs.FileSystem.from_uri(_arrow_uri(path))
        return filesystem.open_input_stream(inner, compression=None)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except (OSError, ValueError) as err:
        raise InputError(path, f"cannot open: {err}") from None


def write_text(folder: str, name: str, text: str) -> str:
    """Write ``text`` (UTF-8) as ``folder/name``; returns the path written."""
    filesystem, base = output_filesystem(folder)
    filesystem.create_dir(base, recursive=True)
    path = f"{base.rstrip('/')}/{name}"
    with filesystem.open_output_stream(path) as stream:
        stream.write(text.encode("utf-8"))
    return path


def remove_dir(folder: str) -> None:
    """Delete a folder and everything in it, if it exists."""
    filesystem, base = output_filesystem(folder)
    if filesystem.get_file_info(base).type != fs.FileType.NotFound:
        filesystem.delete_dir(base)
