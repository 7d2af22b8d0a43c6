"""A campaign's own files as published beside its pages: each picture without its metadata
(an SVG without script) and its smaller copies for srcset, kept in the build cache under the
digest of the picture, so a campaign rendered again makes none of them anew."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pledgekit.cache import BuildCache
from pledgekit.digests import Digests, digest, file_digest
from pledgekit.pictures import ImageInfo, Variant
from pledgekit.render.images import (
    encode_variant,
    is_cleaned,
    original_key,
    published_original,
    variant_key,
)
from pledgekit.write import Placer


@dataclass
class CampaignFiles:
    """The campaign's own files, published beside its pages in each language: a picture
    without its metadata, and its smaller copies, made once (or kept by the cache)."""

    cache: BuildCache
    files: dict[str, Path]  # name in the folder -> file to publish
    images: dict[str, ImageInfo]  # the pictures among `files`
    digests: Digests  # the folder's files, as the build found them
    cache_keys: list[str] = field(default_factory=list)  # of the pictures made, as published
    _originals: dict[str, bytes | None] = field(default_factory=dict)  # None: as it is

    def place(self, folder: str, placer: Placer) -> None:
        """Every file under `folder` (a language's campaign folder)."""
        for name, file in self.files.items():
            known = self.digests.get(name)
            content_digest = file_digest(known) if known else digest(file.read_bytes())
            stripped = self._original(name, file, content_digest) if is_cleaned(name) else None
            if stripped is not None:  # published without metadata (or script, for an SVG)
                placer.write(folder + name, stripped)
            else:
                placer.copy(folder + name, file, content_digest)
            info = self.images.get(name)
            for variant in info.variants if info is not None else ():
                variant_cache_key = variant_key(content_digest, variant)
                made = variant_bytes(self.cache, variant_cache_key, file, variant)
                placer.write(folder + variant.name, made)
                self.cache_keys.append(variant_cache_key)

    def _original(self, name: str, file: Path, content_digest: str) -> bytes | None:
        if name not in self._originals:
            original = original_key(content_digest, name)
            self._originals[name] = original_bytes(self.cache, original, file, name)
            self.cache_keys.append(original)
        return self._originals[name]


VARIANT_SUFFIX = ".variant"  # the cache's copies of pictures, whatever their format


def variant_bytes(cache: BuildCache, key: str, source: Path, variant: Variant) -> bytes:
    """A smaller copy of a picture: made by an earlier build from the same picture, else now."""
    made = cache.image(key, VARIANT_SUFFIX)
    if made is None:
        made = encode_variant(source.read_bytes(), variant)
        cache.put_image(key, made, VARIANT_SUFFIX)
    return made


def original_bytes(cache: BuildCache, key: str, source: Path, name: str = "") -> bytes | None:
    """A picture without its metadata (an SVG without script), as published (None: the file
    as it is, having none): made by an earlier build from the same picture, else now. The
    cache keeps an empty file for a picture published as it is."""
    made = cache.image(key, VARIANT_SUFFIX)
    if made is None:
        stripped = published_original(source.read_bytes(), name)
        cache.put_image(key, stripped or b"", VARIANT_SUFFIX)
        return stripped
    return made or None
