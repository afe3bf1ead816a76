"""Just enough of H.264-in-MP4 (ISO 14496-15) to splice re-encoded pictures into a copied
stream: NAL types in a packet, parameter-set ids, and merging two ``avcC`` records.

A smart cut joins pictures from two encoders. Each encoder's SPS/PPS go into the one
``avcC`` of the output under different ids, so every slice finds its own parameter sets
without in-band repeats that strict ``avc1`` players ignore.
"""
from __future__ import annotations

from dataclasses import dataclass

NAL_IDR = 5
NAL_LENGTH_SIZE = 4  # what ffmpeg, x264 and nearly every muxer write; anything else is not spliced


@dataclass(frozen=True)
class AvcConfig:
    """An ``AVCDecoderConfigurationRecord``."""
    profile: int
    compatibility: int
    level: int
    length_size: int
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]
    trailer: bytes  # the High-profile chroma/bit-depth fields, kept as written

    @classmethod
    def parse(cls, record: bytes) -> "AvcConfig":
        if len(record) < 7 or record[0] != 1:
            raise ValueError("not an avcC record (Annex B or empty extradata)")
        pos = 6
        sps, pos = _read_sets(record, pos, record[5] & 0x1F)
        pps, pos = _read_sets(record, pos + 1, record[pos])
        return cls(profile=record[1], compatibility=record[2], level=record[3],
                   length_size=(record[4] & 0x03) + 1, sps=tuple(sps), pps=tuple(pps), trailer=record[pos:])

    def to_bytes(self) -> bytes:
        out = bytearray([1, self.profile, self.compatibility, self.level, 0xFC | (self.length_size - 1),
                         0xE0 | len(self.sps)])
        for unit in self.sps:
            out += len(unit).to_bytes(2, "big") + unit
        out.append(len(self.pps))
        for unit in self.pps:
            out += len(unit).to_bytes(2, "big") + unit
        return bytes(out + self.trailer)

    @property
    def sps_ids(self) -> set[int]:
        return {_first_ue(unit[4:]) for unit in self.sps}  # after the NAL header, profile, flags, level

    @property
    def pps_ids(self) -> set[int]:
        return {_first_ue(unit[1:]) for unit in self.pps}

    def merged_with(self, other: "AvcConfig") -> "AvcConfig":
        """Both records' parameter sets in one; the ids must not collide (checked)."""
        if self.sps_ids & other.sps_ids or self.pps_ids & other.pps_ids:
            raise ValueError("parameter-set ids collide")
        return AvcConfig(profile=self.profile, compatibility=self.compatibility & other.compatibility,
                         level=max(self.level, other.level), length_size=self.length_size,
                         sps=self.sps + other.sps, pps=self.pps + other.pps, trailer=self.trailer)


def nal_types(packet: bytes, length_size: int = NAL_LENGTH_SIZE) -> list[int]:
    """The NAL unit types in a length-prefixed (MP4) H.264 packet."""
    types, pos = [], 0
    while pos + length_size <= len(packet):
        size = int.from_bytes(packet[pos:pos + length_size], "big")
        if size == 0 or pos + length_size + size > len(packet):
            break
        types.append(packet[pos + length_size] & 0x1F)
        pos += length_size + size
    return types


def is_idr_packet(packet: bytes, length_size: int = NAL_LENGTH_SIZE) -> bool:
    return NAL_IDR in nal_types(packet, length_size)


def free_parameter_set_id(config: AvcConfig) -> int | None:
    """An id used by neither the SPS nor the PPS of ``config`` (x264's ``sps-id`` sets both)."""
    used = config.sps_ids | config.pps_ids
    return next((i for i in range(32) if i not in used), None)


def _read_sets(record: bytes, pos: int, count: int) -> tuple[list[bytes], int]:
    units = []
    for _ in range(count):
        size = int.from_bytes(record[pos:pos + 2], "big")
        units.append(bytes(record[pos + 2:pos + 2 + size]))
        pos += 2 + size
    if pos > len(record):
        raise ValueError("truncated avcC record")
    return units, pos


def _first_ue(data: bytes) -> int:
    """Decode the first Exp-Golomb ``ue(v)`` of an RBSP (emulation-prevention bytes removed)."""
    bits = "".join(f"{byte:08b}" for byte in data[:8].replace(b"\x00\x00\x03", b"\x00\x00"))
    zeros = len(bits) - len(bits.lstrip("0"))
    return int(bits[zeros:2 * zeros + 1], 2) - 1
