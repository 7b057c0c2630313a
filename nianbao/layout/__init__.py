"""Layout: what each part of a page is. For now the title; the classifier comes later."""

from .title import find_title, read_title

__all__ = ["find_title", "read_title"]
