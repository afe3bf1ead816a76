"""Encoder settings shared by every path that re-encodes video."""

# libx264 with 4:2:0 chroma needs even width and height; a phone crop or an odd screen
# recording (e.g. 1365x767) would otherwise fail with "width not divisible by 2".
EVEN_DIMENSIONS = "scale=trunc(iw/2)*2:trunc(ih/2)*2"
