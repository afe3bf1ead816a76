"""Delivery media on real ffmpeg with lavfi clips (a few seconds, small sizes): mobile-size
H.264/AAC MP4 with faststart, EBU R128 audio, resized images, the cache, cancel."""
from __future__ import annotations

import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from studio import model as m
from studio.export.delivery import Delivery
from studio.export.delivery_media import DeliverySettings
from studio.jobs import Cancelled, CancelToken
from studio.media.binaries import ffmpeg_exe
from studio.media.cache import DerivativeCache
from studio.media.loudness import measure_loudness
from studio.media.probe import probe

FPS = 25
TARGET_LUFS = DeliverySettings().loudness_lufs
# sine's default amplitude (1/8) is about -21 LUFS: every clip needs a gain to reach -16.
TONE = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2"]
X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25"]


def _video(size: str, seconds: float = 2) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc=size={size}:rate={FPS}:duration={seconds}"]


CLIPS = {
    "full-hd.mp4": [*_video("1920x1080"), *TONE, *X264, "-c:a", "aac", "-shortest"],
    "small.mp4": [*_video("320x240"), *TONE, *X264, "-c:a", "aac", "-shortest"],
    "small-444.mp4": [*_video("320x240", 1), *X264, "-pix_fmt", "yuv444p"],
    "silent-picture.mp4": [*_video("320x240"), *X264, "-movflags", "+faststart"],
    "mpeg4.mkv": [*_video("320x240"), *TONE, "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-shortest"],
    "tone.wav": [*TONE, "-c:a", "pcm_s16le"],
    "tone.mp3": [*TONE, "-c:a", "libmp3lame"],
    "big.png": ["-f", "lavfi", "-i", "testsrc=size=2400x1200", "-frames:v", "1"],
    "small.png": ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1"],
    "tall.jpg": ["-f", "lavfi", "-i", "testsrc=size=1200x2000", "-frames:v", "1", "-q:v", "3"],
}


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("delivery-media")
    for name, args in CLIPS.items():
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args, str(folder / name)], check=True)
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="10"/>')
    return folder


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> DerivativeCache:
    return DerivativeCache(tmp_path_factory.mktemp("delivery-cache"))


def delivery(media: Path, cache: DerivativeCache, tmp_path: Path, **options) -> Delivery:
    return Delivery(lambda name: media / name, cache, **options)


def top_level_atoms(path: Path) -> list[bytes]:
    data, atoms, position = path.read_bytes(), [], 0
    while position + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[position:position + 8])
        if size == 1:
            size = struct.unpack(">Q", data[position + 8:position + 16])[0]
        atoms.append(kind)
        position += size or len(data)
    return atoms


def assert_mobile_mp4(path: Path) -> None:
    atoms = top_level_atoms(path)
    assert atoms.index(b"moov") < atoms.index(b"mdat"), atoms      # faststart
    info = probe(path)
    assert info.video.codec == "h264"
    assert info.video.width <= 1280 and info.video.height <= 720
    assert info.video.width % 2 == 0 and info.video.height % 2 == 0
    if info.has_audio:
        assert info.audio.codec == "aac"
        assert abs(measure_loudness(path).integrated_lufs - TARGET_LUFS) <= 1.0


def test_a_full_hd_clip_is_delivered_at_720p_with_faststart_and_loudness(media, cache, tmp_path):
    delivered = delivery(media, cache, tmp_path).deliver(m.VideoBlock("full-hd.mp4")).media
    assert delivered.encoded and delivered.arcname.startswith("media/full-hd-") and delivered.arcname.endswith(".mp4")
    assert_mobile_mp4(delivered.path)
    info = probe(delivered.path)
    assert (info.video.width, info.video.height) == (1280, 720)
    assert info.video.frame_count == 2 * FPS
    assert delivered.size == delivered.path.stat().st_size < (media / "full-hd.mp4").stat().st_size


@pytest.mark.parametrize("name", ["small.mp4", "mpeg4.mkv", "full-hd.mp4"])
def test_trims_stay_frame_accurate(media, cache, tmp_path, name):
    """small.mp4: smart cut, picture copied; mpeg4.mkv and full-hd.mp4: re-encoded."""
    delivered = delivery(media, cache, tmp_path).deliver(m.VideoBlock(name, in_s=0.52, out_s=1.6)).media
    assert_mobile_mp4(delivered.path)
    info = probe(delivered.path)
    assert abs(info.duration_s - 1.08) <= 1 / FPS + 1e-3
    assert info.video.frame_count == 27     # frames 13 … 39
    if name == "small.mp4":
        assert (info.video.width, info.video.height) == (320, 240)


def test_a_small_h264_clip_without_audio_ships_as_it_is(media, cache, tmp_path):
    delivered = delivery(media, cache, tmp_path).deliver(m.VideoBlock("silent-picture.mp4")).media
    assert delivered.path == media / "silent-picture.mp4" and not delivered.encoded


def test_h264_a_phone_cannot_decode_is_re_encoded(media, cache, tmp_path):
    import av
    delivered = delivery(media, cache, tmp_path).deliver(m.VideoBlock("small-444.mp4")).media
    assert delivered.encoded
    with av.open(str(delivered.path)) as container:
        assert container.streams.video[0].codec_context.pix_fmt == "yuv420p"
    assert_mobile_mp4(delivered.path)


@pytest.mark.parametrize("name,suffix", [("tone.wav", ".m4a"), ("tone.mp3", ".mp3")])
def test_audio_is_trimmed_and_normalised_to_ebu_r128(media, cache, tmp_path, name, suffix):
    before = measure_loudness(media / name).integrated_lufs
    assert abs(before - TARGET_LUFS) > 3       # the test means something
    delivered = delivery(media, cache, tmp_path).deliver(m.AudioBlock(name, in_s=0.25, out_s=1.75)).media
    assert delivered.arcname.endswith(suffix) and delivered.encoded
    assert abs(probe(delivered.path).duration_s - 1.5) <= 0.05
    loudness = measure_loudness(delivered.path)
    assert abs(loudness.integrated_lufs - TARGET_LUFS) <= 1.0
    assert loudness.true_peak_db <= DeliverySettings().true_peak_db + 0.5


def test_images_are_resized_only_when_larger(media, cache, tmp_path):
    deliver = delivery(media, cache, tmp_path).deliver
    big = deliver(m.ImageBlock("big.png")).media
    assert big.encoded and big.arcname.endswith(".png")
    assert big.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (probe(big.path).video.width, probe(big.path).video.height) == (1600, 800)
    tall = deliver(m.ImageBlock("tall.jpg")).media
    assert tall.arcname.endswith(".jpg") and tall.path.read_bytes()[:2] == b"\xff\xd8"
    assert (probe(tall.path).video.width, probe(tall.path).video.height) == (960, 1600)
    for name in ("small.png", "logo.svg"):
        shipped = deliver(m.ImageBlock(name)).media
        assert shipped.path == media / name and not shipped.encoded


BLOCKS = [m.VideoBlock("full-hd.mp4"), m.VideoBlock("small.mp4", in_s=0.52, out_s=1.6),
          m.AudioBlock("tone.wav", in_s=0.25, out_s=1.75), m.ImageBlock("big.png")]


def test_a_second_delivery_encodes_nothing_and_a_changed_setting_reencodes(media, tmp_path):
    cache = DerivativeCache(tmp_path / "cache")
    first = [delivery(media, cache, tmp_path / "1").deliver(b).media for b in BLOCKS]
    again = [delivery(media, cache, tmp_path / "2").deliver(b).media for b in BLOCKS]
    assert all(f.encoded for f in first) and not any(f.encoded for f in again)
    assert [f.arcname for f in first] == [f.arcname for f in again]
    assert [f.path.read_bytes() for f in first] == [f.path.read_bytes() for f in again]
    louder = delivery(media, cache, tmp_path / "3", settings=DeliverySettings(loudness_lufs=-14.0))
    changed = [louder.deliver(b).media for b in BLOCKS]
    assert [f.encoded for f in changed] == [True, True, True, False]   # the image does not depend on loudness
    assert changed[2].arcname != first[2].arcname
    assert abs(measure_loudness(changed[2].path).integrated_lufs + 14.0) <= 1.0


def test_a_rebuild_in_a_new_process_neither_probes_nor_hashes_unchanged_media(media, tmp_path, monkeypatch):
    import shutil

    from studio.export import delivery as delivery_module
    from studio.export import delivery_facts
    from studio.media import cache as cache_module
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    own = tmp_path / "own"
    own.mkdir()
    for name in ("small.mp4", "tone.wav", "big.png"):
        shutil.copy(media / name, own / name)
    cache = DerivativeCache(tmp_path / "cache")
    first = [delivery(own, cache, tmp_path).deliver(b).media for b in BLOCKS[1:]]

    def forbidden(*args, **kwargs):
        raise AssertionError("probed or hashed an unchanged file")

    cache_module._sha256.cache_clear()          # what a new process starts with
    monkeypatch.setattr(cache_module, "_hash_file", forbidden)
    monkeypatch.setattr(delivery_facts, "probe", forbidden)
    monkeypatch.setattr(delivery_module, "probe", forbidden)
    again = [delivery(own, cache, tmp_path).deliver(b).media for b in BLOCKS[1:]]
    assert [(f.arcname, f.path) for f in again] == [(f.arcname, f.path) for f in first]
    assert not any(f.encoded for f in again)

    # new bytes under the same name: measured, hashed and encoded again (stale facts would
    # stream-copy the 1920x1080 picture as they did the small one's)
    monkeypatch.undo()
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copy(media / "full-hd.mp4", own / "small.mp4")
    changed = delivery(own, cache, tmp_path).deliver(BLOCKS[1]).media
    assert changed.encoded and changed.arcname != first[0].arcname
    assert_mobile_mp4(changed.path)


class _CancelAfter(CancelToken):
    """Cancelled once ffmpeg has reported progress a few times: in the middle of an encode."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self._left = checks

    @property
    def is_cancelled(self) -> bool:
        self._left -= 1
        if self._left <= 0:
            self.cancel()
        return super().is_cancelled


@pytest.mark.parametrize("block", BLOCKS[:3], ids=["video", "trimmed-video", "audio"])
def test_cancel_stops_the_encode_and_leaves_no_file(media, tmp_path, block):
    cache = DerivativeCache(tmp_path / "cache")
    with pytest.raises(Cancelled):
        delivery(media, cache, tmp_path, cancel=_CancelAfter(3)).deliver(block)
    # only the remembered source facts (a database, written before the encode) may be there
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".sqlite3"]
    assert leftovers == []
    assert delivery(media, cache, tmp_path).deliver(block).media.encoded   # nothing half-made was kept


def test_a_build_ships_the_delivery_media_reports_true_sizes_and_a_rebuild_encodes_nothing(
        small_course, tmp_path, capsys, monkeypatch):
    from studio.cli.app import run
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    outputs = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        assert run(["build", str(small_course), "--format", "html5", "--out", str(tmp_path / name)]) == 0
        outputs.append(capsys.readouterr().out)
    assert "media encoded this build: 2" in outputs[0]    # the trimmed video and the normalised audio
    assert "media encoded this build: 0" in outputs[1]
    zip_path = next((tmp_path / "two").glob("*.zip"))
    extracted = tmp_path / "unzipped"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(extracted)
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    per_module = {"choose-ladder": ("intro-", "ladder-"), "set-up-ladder": ("tip-",)}
    line = next(ln for ln in outputs[1].splitlines() if "media per module:" in ln)
    for module, stems in per_module.items():
        total = sum(size for name, size in sizes.items()
                    if name.startswith("media/") and name[6:].startswith(stems))
        assert f"{module} {total / 1e3:.1f} kB" in line, line
    video = next(extracted.glob("media/intro-*.mp4"))
    assert_mobile_mp4(video)
    assert abs(probe(video).duration_s - 4.0) <= 1 / FPS + 1e-3     # in: 1, out: 5
    audio = next(extracted.glob("media/tip-*.mp3"))
    assert abs(measure_loudness(audio).integrated_lufs - TARGET_LUFS) <= 1.0
    assert (extracted / "media").is_dir() and len(list(extracted.glob("media/ladder-*.png"))) == 1


# Four coloured quadrants (red, blue / green, white) and where each one must be seen after
# the EXIF orientation is applied, as (top-left, top-right, bottom-left, bottom-right).
QUADRANTS = "RBGW"
SEEN = {1: "RBGW", 2: "BRWG", 3: "WGBR", 4: "GWRB", 5: "RGBW", 6: "GRWB", 7: "WBGR", 8: "BWRG"}
RGB = {"R": (255, 0, 0), "B": (0, 0, 255), "G": (0, 128, 0), "W": (255, 255, 255)}


def with_orientation(jpeg: bytes, orientation: int, order: str = "MM") -> bytes:
    """The JPEG with an EXIF APP1 segment holding one IFD0 entry: Orientation (SHORT)."""
    f = ">" if order == "MM" else "<"
    entry = struct.pack(f + "HHI", 0x0112, 3, 1) + struct.pack(f + "HH", orientation, 0)
    tiff = order.encode() + struct.pack(f + "HI", 42, 8) + struct.pack(f + "H", 1) + entry + struct.pack(f + "I", 0)
    app1 = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


def seen_quadrants(path: Path) -> tuple[tuple[int, int], str]:
    info = probe(path).video
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-noautorotate", "-i", str(path), "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout
    def colour(x: int, y: int) -> str:
        pixel = raw[(y * info.width + x) * 3:(y * info.width + x) * 3 + 3]
        return min(RGB, key=lambda name: sum((a - b) ** 2 for a, b in zip(pixel, RGB[name])))
    w, h = info.width, info.height
    return (w, h), "".join(colour(x, y) for y in (h // 4, 3 * h // 4) for x in (w // 4, 3 * w // 4))


@pytest.fixture(scope="module")
def quadrants_jpeg(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("exif") / "quadrants.jpg"
    colours = "".join(f"color={c}:s=1000x500[{n}];" for n, c in zip("abcd", ("red", "blue", "green", "white")))
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-filter_complex",
                    colours + "[a][b]hstack[top];[c][d]hstack[bottom];[top][bottom]vstack",
                    "-frames:v", "1", "-q:v", "2", str(path)], check=True)
    return path.read_bytes()


@pytest.mark.parametrize("orientation,order", [(o, "MM") for o in range(1, 9)] + [(6, "II"), (3, "II")])
def test_a_resized_jpeg_is_turned_by_its_exif_orientation(quadrants_jpeg, tmp_path, orientation, order):
    from studio.export.delivery_media import jpeg_orientation
    own = tmp_path / "own"
    own.mkdir()
    (own / "photo.jpg").write_bytes(with_orientation(quadrants_jpeg, orientation, order))
    assert jpeg_orientation(own / "photo.jpg") == orientation
    delivered = delivery(own, DerivativeCache(tmp_path / "cache"), tmp_path).deliver(m.ImageBlock("photo.jpg")).media
    assert delivered.encoded and delivered.path.read_bytes()[:2] == b"\xff\xd8"
    from studio.export.delivery_media import jpeg_orientation as tag_of
    assert tag_of(delivered.path) == 1                                  # nothing left to apply twice
    size, seen = seen_quadrants(delivered.path)
    assert size == ((800, 1600) if orientation >= 5 else (1600, 800))
    assert seen == SEEN[orientation]


def test_orientation_is_read_only_from_a_jpeg_exif_segment(media, quadrants_jpeg, tmp_path):
    from studio.export.delivery_media import jpeg_orientation
    plain = tmp_path / "plain.jpg"
    plain.write_bytes(quadrants_jpeg)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(with_orientation(quadrants_jpeg, 6)[:30])            # cut inside the EXIF segment
    odd = tmp_path / "odd.jpg"
    odd.write_bytes(with_orientation(quadrants_jpeg, 9))                  # not an orientation
    assert [jpeg_orientation(p) for p in (plain, broken, odd, media / "big.png")] == [1, 1, 1, 1]
