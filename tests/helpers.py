"""Helpers shared by the tests of every app."""

from html import unescape


def text(response):
    """The page as a reader sees its text: decoded, HTML entities turned back into characters (l'été, not
    l&#x27;été), so a test compares with the strings it wrote."""
    return unescape(response.content.decode())


def response_bytes(response):
    """The whole body of a response, streamed (a CSV or XLSX export) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
