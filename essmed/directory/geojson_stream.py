"""Read a GeoJSON FeatureCollection one feature at a time, with memory that does not grow with the file.

``json.load`` reads a whole file into Python objects: a million features take gigabytes. Here the top-level
object is read key by key; the value of ``features`` is read element by element with ``json.JSONDecoder``'s
``raw_decode`` on a buffer that keeps only what has not been decoded yet. Other top-level values (``type``,
``name``, ``crs``, ``bbox``…) are decoded whole; they are small in any real file.

``FeatureStream.features()`` yields the features in file order; ``FeatureStream.members`` holds the other
top-level members read so far (all of them once the features are exhausted, since a file may put ``type``
after ``features``). Errors raise ``json.JSONDecodeError`` with the line and column in the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 64 * 1024
_WHITESPACE = " \t\n\r"
_SEPARATORS = (",", "}", "]", ":")
_DECODER = json.JSONDecoder()


class FeatureStream:
    def __init__(self, text: IO[str], chunk: int = CHUNK) -> None:
        self.text = text
        self.chunk = chunk
        self.buffer = ""
        self.position = 0
        self.eof = False
        self.dropped_lines = 0  # newlines in the part of the file already dropped from the buffer
        self.dropped_columns = 0  # characters since the last dropped newline, for the first buffered line
        self.members: dict[str, Any] = {}
        self.has_features = False

    # Buffer ------------------------------------------------------------------------------------------------

    def _read_more(self) -> bool:
        if self.eof:
            return False
        data = self.text.read(self.chunk)
        if not data:
            self.eof = True
            return False
        if self.position > self.chunk:
            self._drop_consumed()
        self.buffer += data
        return True

    def _drop_consumed(self) -> None:
        consumed = self.buffer[: self.position]
        newlines = consumed.count("\n")
        if newlines:
            self.dropped_lines += newlines
            self.dropped_columns = len(consumed) - consumed.rfind("\n") - 1
        else:
            self.dropped_columns += len(consumed)
        self.buffer = self.buffer[self.position :]
        self.position = 0

    def _error(self, message: str, position: int | None = None) -> json.JSONDecodeError:
        """An error at ``position`` of the buffer, reported at its line and column in the whole file."""
        position = self.position if position is None else position
        before = self.buffer[:position]
        newlines = before.count("\n")
        line = self.dropped_lines + newlines + 1
        column = (position - before.rfind("\n")) if newlines else self.dropped_columns + position + 1
        error = json.JSONDecodeError(message, self.buffer, position)
        error.lineno, error.colno = line, column
        return error

    def _skip_whitespace(self) -> str:
        """The next significant character ('' at the end of the file), not consumed."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in _WHITESPACE:
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._read_more():
                return ""

    def _expect(self, characters: str) -> str:
        found = self._skip_whitespace()
        if not found or found not in characters:
            expected = " or ".join(f"'{c}'" for c in characters)
            raise self._error(f"Expecting {expected}")
        self.position += 1
        return found

    def _value(self) -> Any:
        """Decode the next JSON value, reading more of the file until it is complete."""
        self._skip_whitespace()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                if self._read_more():
                    continue
                raise self._error(error.msg, error.pos) from None
            # A number cut by the end of the buffer ("0" or "0." of "0.5") decodes too: accept a value only when
            # what follows it in the buffer is a separator (a comma, a bracket), or at the end of the file.
            rest = self.buffer[end:].lstrip(_WHITESPACE)
            if rest[:1] not in _SEPARATORS and not self.eof and self._read_more():
                continue
            self.position = end
            return value

    # Document ----------------------------------------------------------------------------------------------

    def features(self) -> Iterator[Any]:
        """The elements of the top-level ``features`` array, one at a time; the other members in ``members``."""
        self._expect("{")
        if self._skip_whitespace() == "}":
            self.position += 1
            self._end()
            return
        while True:
            key = self._value()
            if not isinstance(key, str):
                raise self._error("Expecting a property name")
            self._expect(":")
            if key == "features" and self._skip_whitespace() == "[":
                self.has_features = True
                yield from self._array()
            else:
                self.members[key] = self._value()
            if self._expect(",}") == "}":
                break
        self._end()

    def _array(self) -> Iterator[Any]:
        self._expect("[")
        if self._skip_whitespace() == "]":
            self.position += 1
            return
        while True:
            yield self._value()
            if self._expect(",]") == "]":
                return

    def _end(self) -> None:
        if self._skip_whitespace():
            raise self._error("Extra data")
