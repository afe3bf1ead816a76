#!/usr/bin/env python3
"""Regenerate every media file of the bundled example course.

    .venv/bin/python resources/example/make_media.py

Writes into ``resources/example/media/`` (overwriting): four narrated slide videos
(MP4, H.264 + AAC) with their WebVTT captions, one podcast (MP3), the five-step
infographic (PNG) and the path's badge (PNG).

Everything is synthetic and deterministic: slides are drawn with a built-in 5x7 bitmap
font (no system fonts), written as raw frames or hand-made PNGs; the "narration" is a
speech-like harmonic signal (syllable rhythm, intonation) gated to the caption cues, with
real pauses between sentences and a few long ones, so that silence tightening and caption
re-timing have something to work on. No random numbers, bit-exact flags, no metadata.
Only the standard library and ffmpeg are needed (``studio.media.binaries.ffmpeg_exe``).
"""
from __future__ import annotations

import math
import struct
import subprocess
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from studio.media.binaries import ffmpeg_exe  # noqa: E402

MEDIA = HERE / "media"

W, H = 320, 180          # video frame size
FPS = 5                  # slides: a low frame rate keeps the files tiny
SAMPLE_RATE = 16000      # mono speech-band audio
WORDS_PER_SECOND = 2.6   # narration speed (about 156 words a minute)

# --------------------------------------------------------------------------- font

_FONT_ROWS = {
    "A": ".###.|#...#|#...#|#####|#...#|#...#|#...#",
    "B": "####.|#...#|#...#|####.|#...#|#...#|####.",
    "C": ".###.|#...#|#....|#....|#....|#...#|.###.",
    "D": "####.|#...#|#...#|#...#|#...#|#...#|####.",
    "E": "#####|#....|#....|####.|#....|#....|#####",
    "F": "#####|#....|#....|####.|#....|#....|#....",
    "G": ".###.|#...#|#....|#.###|#...#|#...#|.####",
    "H": "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    "I": ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
    "J": "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
    "K": "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
    "L": "#....|#....|#....|#....|#....|#....|#####",
    "M": "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
    "N": "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
    "O": ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    "P": "####.|#...#|#...#|####.|#....|#....|#....",
    "Q": ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
    "R": "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    "S": ".####|#....|#....|.###.|....#|....#|####.",
    "T": "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    "U": "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
    "V": "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
    "W": "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
    "X": "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    "Y": "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
    "Z": "#####|....#|...#.|..#..|.#...|#....|#####",
    "0": ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
    "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
    "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
    "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
    "5": "#####|#....|####.|....#|....#|#...#|.###.",
    "6": "..##.|.#...|#....|####.|#...#|#...#|.###.",
    "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
    "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
    "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
    " ": ".....|.....|.....|.....|.....|.....|.....",
    ".": ".....|.....|.....|.....|.....|.##..|.##..",
    ",": ".....|.....|.....|.....|.##..|..#..|.#...",
    ":": ".....|.##..|.##..|.....|.##..|.##..|.....",
    "-": ".....|.....|.....|#####|.....|.....|.....",
    "!": "..#..|..#..|..#..|..#..|..#..|.....|..#..",
    "?": ".###.|#...#|....#|...#.|..#..|.....|..#..",
    "/": ".....|....#|...#.|..#..|.#...|#....|.....",
    "(": "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
    ")": ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
    "%": "##...|##..#|...#.|..#..|.#...|#..##|...##",
    "+": ".....|..#..|..#..|#####|..#..|..#..|.....",
    "=": ".....|.....|#####|.....|#####|.....|.....",
    "'": "..#..|..#..|.#...|.....|.....|.....|.....",
    "&": ".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#",
    ">": ".#...|..#..|...#.|....#|...#.|..#..|.#...",
}
FONT = {ch: [row for row in rows.split("|")] for ch, rows in _FONT_ROWS.items()}
GLYPH_W, GLYPH_H, ADVANCE = 5, 7, 6


def text_width(text: str, scale: int) -> int:
    return max(0, len(text) * ADVANCE * scale - scale)


def wrap(text: str, max_chars: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= max_chars:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- drawing

class Canvas:
    """An RGB image as a bytearray, with the few primitives the slides need."""

    def __init__(self, width: int, height: int, color: tuple[int, int, int]):
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(color) * (width * height))

    def copy(self) -> "Canvas":
        other = Canvas.__new__(Canvas)
        other.width, other.height, other.pixels = self.width, self.height, bytearray(self.pixels)
        return other

    def rect(self, x: int, y: int, w: int, h: int, color) -> None:
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + w), min(self.height, y + h)
        if x1 <= x0 or y1 <= y0:
            return
        row = bytes(color) * (x1 - x0)
        for yy in range(y0, y1):
            start = (yy * self.width + x0) * 3
            self.pixels[start:start + len(row)] = row

    def disc(self, cx: float, cy: float, r: float, color) -> None:
        for yy in range(max(0, int(cy - r)), min(self.height, int(cy + r) + 2)):
            dy = yy + 0.5 - cy
            if abs(dy) > r:
                continue
            half = math.sqrt(r * r - dy * dy)
            x0, x1 = int(round(cx - half)), int(round(cx + half))
            self.rect(x0, yy, x1 - x0, 1, color)

    def text(self, x: int, y: int, text: str, scale: int, color) -> None:
        for i, ch in enumerate(text.upper()):
            glyph = FONT.get(ch, FONT["?"])
            gx = x + i * ADVANCE * scale
            for row_index, row in enumerate(glyph):
                for col_index, bit in enumerate(row):
                    if bit == "#":
                        self.rect(gx + col_index * scale, y + row_index * scale, scale, scale, color)

    def text_centered(self, cx: int, y: int, text: str, scale: int, color) -> None:
        self.text(cx - text_width(text, scale) // 2, y, text, scale, color)

    def png(self) -> bytes:
        raw = bytearray()
        stride = self.width * 3
        for yy in range(self.height):
            raw.append(0)
            raw += self.pixels[yy * stride:(yy + 1) * stride]

        def chunk(kind: bytes, data: bytes) -> bytes:
            return (struct.pack(">I", len(data)) + kind + data
                    + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


NAVY = (30, 41, 59)
SLATE = (51, 65, 85)
YELLOW = (250, 204, 21)
BLACK = (15, 23, 42)
WHITE = (241, 245, 249)
GREY = (148, 163, 184)
GREEN = (34, 197, 94)
ORANGE = (249, 115, 22)
RED = (220, 38, 38)


def draw_cover(title: str, subtitle: str) -> Canvas:
    c = Canvas(W, H, NAVY)
    c.rect(0, 0, W, 6, YELLOW)
    c.rect(0, H - 14, W, 2, YELLOW)
    lines = wrap(title, 16)
    y = 70 - len(lines) * 12
    for line in lines:
        c.text_centered(W // 2, y, line, 3, YELLOW)
        y += 26
    c.text_centered(W // 2, y + 8, subtitle, 2, WHITE)
    c.text_centered(W // 2, y + 32, "WAREHOUSE MANUAL HANDLING", 1, GREY)
    return c


def draw_bullets(title: str, bullets: list[str]) -> Canvas:
    c = Canvas(W, H, NAVY)
    c.rect(0, 0, W, 32, YELLOW)
    c.text(10, 9, title, 2, BLACK)
    y = 42
    for bullet in bullets:
        for i, line in enumerate(wrap(bullet, 24)):
            if i == 0:
                c.rect(12, y + 4, 6, 6, YELLOW)
            c.text(26, y, line, 2, WHITE)
            y += 18
    return c


def draw_slate(title: str, take: str) -> Canvas:
    c = Canvas(W, H, (20, 20, 20))
    for i in range(8):  # clapperboard stripes
        c.rect(i * 40, 0, 20, 14, WHITE)
    c.text(12, 26, "PROD: WAREHOUSE SAFETY", 1, GREY)
    c.text(12, 40, title, 2, WHITE)
    c.text(12, 60, take, 2, YELLOW)
    return c


# --------------------------------------------------------------------------- scripts

PAUSE = None  # a deliberate long pause in the narration (a silence-tightening target)

VIDEOS = {
    "back-basics": {
        "slides": [
            {"cover": "YOUR BACK AT WORK", "subtitle": "MODULE 1 OF 5", "say": [
                "Welcome to warehouse manual handling safety.",
                "In this first module we look at how your back carries a load, and which positions put it at risk.",
                "Manual handling injuries are among the most common injuries in warehouses, and most of them affect the lower back.",
            ]},
            {"title": "THE SPINE", "bullets": ["24 MOVABLE VERTEBRAE", "DISCS ABSORB SHOCK", "LOWER BACK = 5 LUMBAR VERTEBRAE"], "say": [
                "Your spine is a column of twenty-four movable vertebrae, resting on the sacrum at its base.",
                "Between the vertebrae sit the discs: tough rings with a soft centre that absorb shock and let the spine bend.",
                "Muscles and ligaments hold the column steady, like the guy ropes of a tent.",
                "The five lumbar vertebrae of your lower back carry the most weight, so that is where most lifting injuries happen.",
            ]},
            {"title": "NEUTRAL SPINE", "bullets": ["THREE NATURAL CURVES", "NECK, UPPER BACK, LOWER BACK", "KEEP THEM WHEN YOU LIFT"], "say": [
                "Seen from the side, a healthy spine has three gentle curves: at the neck, the upper back and the lower back.",
                "Keeping those three curves while you work is called a neutral spine.",
                "In a neutral spine the load is shared evenly across each disc, and your back muscles work at their strongest.",
                PAUSE,
                "Stand up straight for a moment and notice the small hollow in your lower back. That hollow is the curve you want to keep.",
            ]},
            {"title": "WHAT OVERLOADS A BACK", "bullets": ["STOOPING", "TWISTING WHILE LOADED", "REACHING", "REPEATING WITHOUT REST"], "say": [
                "Four habits overload the lower back.",
                "Stooping: bending from the waist with straight legs, which squeezes the front of the discs.",
                "Twisting: turning your trunk while you hold a load, which strains discs and muscles at the same time.",
                "Reaching: holding the load away from your body.",
                "And repetition: the same lift again and again without a break, so tired muscles hand the load over to the discs.",
            ]},
            {"title": "DISTANCE MULTIPLIES LOAD", "bullets": ["LOAD AT ARM'S LENGTH:", "ABOUT 5X THE STRESS", "OF THE SAME LOAD HELD CLOSE"], "say": [
                "Your back works like a lever, with the spine as the pivot.",
                "Holding a load at arm's length puts about five times more stress on your lower back than holding the same load close to your body.",
                "So the single most useful habit is a simple one: keep the load close.",
            ]},
            {"title": "EARLY WARNING SIGNS", "bullets": ["STIFFNESS OR ACHING", "PAIN SPREADING TO A LEG", "NUMBNESS OR TINGLING", "REPORT IT EARLY"], "say": [
                "Back damage often builds up slowly, so watch for the early warning signs.",
                "Stiffness, an ache that lingers after a shift, pain that spreads into a leg, numbness or tingling.",
                "If you notice any of these, tell your supervisor, and do not work through the pain.",
            ]},
            {"title": "COMING NEXT", "bullets": ["MODULE 2:", "ASSESS THE LOAD"], "say": [
                "In the next module, you will learn to assess a load before you lift it.",
            ]},
        ],
    },
    "assess-load": {
        "slate": {"title": "ASSESS THE LOAD", "take": "SCENE 2  TAKE 3", "seconds": 8},
        "slides": [
            {"cover": "ASSESS THE LOAD", "subtitle": "MODULE 2 OF 5", "say": [
                "Before any lift, take a few seconds to assess it.",
                "Most lifting injuries are decided before the load leaves the floor: by a load that was too heavy, a grip that was poor, or a route that was blocked.",
            ]},
            {"title": "REMEMBER: TILE", "bullets": ["T - TASK", "I - INDIVIDUAL", "L - LOAD", "E - ENVIRONMENT"], "say": [
                "A simple way to remember what to check is the word TILE.",
                "Task, Individual, Load and Environment.",
            ]},
            {"title": "T - TASK", "bullets": ["WHERE FROM, WHERE TO?", "HOW FAR?", "TWIST, STOOP OR REACH?", "HOW OFTEN?"], "say": [
                "Task: where does the load start and finish, and how far will you carry it?",
                "Will you have to twist, stoop or reach above your shoulders? And how often will you repeat the lift?",
            ]},
            {"title": "I - INDIVIDUAL", "bullets": ["FIT FOR THIS LIFT TODAY?", "TRAINED FOR THE TASK?", "GLOVES AND SAFETY SHOES"], "say": [
                "Individual: are you fit for this lift today? Think about injuries, pregnancy, and how tired you are.",
                "Have you been trained for this task, and are you wearing the right gloves and safety footwear?",
            ]},
            {"title": "L - LOAD", "bullets": ["WEIGHT: READ THE LABEL", "SIZE: CAN YOU SEE OVER IT?", "GRIP: ANY HANDLES?", "STABLE OR SHIFTING?"], "say": [
                "Load: how heavy is it? Read the label, or tilt one corner to test the weight before you commit.",
                "Is it bulky enough to block your view? Does it have handles? Could the contents shift, like liquids or loose parts?",
            ]},
            {"title": "E - ENVIRONMENT", "bullets": ["CLEAR ROUTE", "DRY, EVEN FLOOR", "SPACE TO MOVE YOUR FEET", "GOOD LIGHT"], "say": [
                "Environment: is the route clear, is the floor dry and even, and are there steps or slopes on the way?",
                "Is there enough space to move your feet, and enough light to see where you are going?",
            ]},
            {"title": "GUIDELINE WEIGHTS", "bullets": ["CLOSE, AT WAIST HEIGHT:", "25 KG MEN / 16 KG WOMEN", "LESS AT ARM'S LENGTH", "LESS HIGH OR LOW", "LESS IF FREQUENT"], "say": [
                "UK guidance gives filter weights for an occasional lift held close to the body at waist height: about twenty-five kilograms for most men, and sixteen for most women.",
                "The figures drop when the load is held away from the body, lifted above the shoulders, or picked up from near the floor.",
                PAUSE,
                "They drop again if you twist, or if you repeat the lift more often than about once every two minutes.",
            ]},
            {"title": "A FILTER, NOT A LIMIT", "bullets": ["OVER THE FIGURE? STOP", "REDUCE, SPLIT, USE AN AID OR GET HELP", "SITE ASSESSMENT FIRST"], "say": [
                "These figures are a filter, not a safe limit.",
                "If a lift goes beyond them, stop and rethink: reduce the load, split it, use an aid, or get help.",
                "And your site's own risk assessment always takes priority.",
            ]},
            {"title": "COMING NEXT", "bullets": ["MODULE 3:", "THE FIVE-STEP LIFT"], "say": [
                "Next, you will put your assessment to work with the five-step lift.",
            ]},
        ],
        "outtake": {"title": "OUTTAKE", "bullets": ["NOT FOR PUBLICATION"], "say": [
            "Sorry, can we go again from the guideline weights?",
        ]},
    },
    "five-step-lift": {
        "slides": [
            {"cover": "THE FIVE-STEP LIFT", "subtitle": "MODULE 3 OF 5", "say": [
                "You have assessed the load and decided it is safe to lift alone. Now let's lift it well.",
                "Follow the same five steps every time, until they become a habit.",
            ]},
            {"title": "1 PLAN THE LIFT", "bullets": ["WHERE IS IT GOING?", "CLEAR THE ROUTE", "TEST THE WEIGHT", "NEED HELP OR AN AID?"], "say": [
                "Step one: plan the lift. Know where the load is going, and clear the route before you start.",
                "Test the weight by rocking or tilting the load. If it is heavier than you expected, stop and get help or an aid.",
            ]},
            {"title": "2 POSITION YOUR FEET", "bullets": ["CLOSE TO THE LOAD", "FEET APART", "LEADING LEG FORWARD"], "say": [
                "Step two: position your feet. Stand close to the load with your feet apart, for a stable base.",
                "Put your leading leg slightly forward, pointing in the direction you will move.",
            ]},
            {"title": "3 BEND YOUR KNEES", "bullets": ["BEND HIPS AND KNEES", "KEEP A NEUTRAL SPINE", "DO NOT STOOP", "NO DEEP SQUAT NEEDED"], "say": [
                "Step three: bend your knees. Bend at the hips and knees, and keep the natural curves of your back.",
                "A slight bend of the back, hips and knees is better than stooping with straight legs, and better than a full, deep squat.",
                "Keep your chin tucked in and your shoulders level, facing the same way as your hips.",
            ]},
            {"title": "4 GET A FIRM GRIP", "bullets": ["HUG THE LOAD CLOSE", "HEAVY SIDE TOWARD YOU", "USE THE HANDLES"], "say": [
                "Step four: get a firm grip. Hug the load close to your body, with its heaviest side toward you.",
                "Use the handles if there are any. A grip with the whole hand is safer than holding on with your fingertips.",
            ]},
            {"title": "5 LIFT SMOOTHLY", "bullets": ["LEGS DO THE WORK", "LOAD CLOSE TO THE WAIST", "LOOK AHEAD", "NO JERKING"], "say": [
                "Step five: lift smoothly. Straighten your legs and let them do the work, keeping the load close to your waist.",
                "Once you have a good hold, look ahead, not down at the load. Move smoothly, without jerking.",
            ]},
            {"title": "MOVE, THEN PUT DOWN", "bullets": ["TURN YOUR FEET, NOT YOUR BACK", "REVERSE THE STEPS", "PUT DOWN, THEN ADJUST"], "say": [
                "To change direction, move your feet. Do not twist your trunk while you are holding the load.",
                "To put the load down, reverse the steps: bend your knees, keep it close, and set it down before you adjust its position.",
                PAUSE,
                "Plan, feet, knees, grip, lift. Say it to yourself before every lift this week.",
            ]},
            {"title": "COMING NEXT", "bullets": ["MODULE 4:", "TEAM LIFTS AND AIDS"], "say": [
                "Next module: what to do when a load is too much for one person.",
            ]},
        ],
    },
    "mechanical-aids": {
        "slides": [
            {"cover": "MECHANICAL AIDS", "subtitle": "MODULE 4 OF 5", "say": [
                "The safest lift is often the one you do not do by hand.",
                "A mechanical aid takes the weight off your back, and usually gets the job done faster.",
            ]},
            {"title": "PICK THE RIGHT AID", "bullets": ["SACK TRUCK: BOX STACKS", "TROLLEY: MIXED ITEMS", "PALLET TRUCK: PALLETS", "LIFT TABLE: WAIST HEIGHT"], "say": [
                "Match the aid to the load. A sack truck moves a stack of boxes; a trolley carries mixed items.",
                "A hand pallet truck moves a full pallet along the floor. A lift table brings the load up to waist height, so you do not stoop.",
                "Forklifts and powered pallet trucks need separate training and authorisation before you use them.",
            ]},
            {"title": "BEFORE YOU USE IT", "bullets": ["WHEELS, BRAKES, HANDLES OK?", "SAFE WORKING LOAD", "HEAVY ITEMS LOW"], "say": [
                "Check the aid before you use it: wheels, brakes and handles in good condition.",
                "Check its safe working load, and never exceed it. Load heavy items at the bottom, and keep the stack below eye level.",
            ]},
            {"title": "PUSH, DON'T PULL", "bullets": ["PUSH WHERE POSSIBLE", "HANDS AT WAIST HEIGHT", "SLOW ON SLOPES", "REPORT DAMAGE"], "say": [
                "Push rather than pull where you can: pushing lets you use your body weight, and see where you are going.",
                "Keep your hands between waist and chest height, and take slopes and corners slowly.",
                "Report a damaged aid and take it out of use. Do not fall back on a risky lift by hand.",
            ]},
            {"title": "COMING NEXT", "bullets": ["MODULE 5:", "TWO-MINUTE RECAP"], "say": [
                "Finally, a two-minute recap to lock it all in.",
            ]},
        ],
    },
}

PODCAST = {
    "name": "team-lift-podcast",
    "voices": {"host": "Sam", "guest": "Priya"},
    "jingle_seconds": 3.0,
    "lines": [
        ("host", "Welcome to Safe Shift, the warehouse safety podcast. I'm Sam, and today I'm with Priya, a shift supervisor in our dispatch area."),
        ("guest", "Hi Sam. Today we're talking about team lifts: when two or more people carry one load."),
        ("host", "So when should you call for a team lift?"),
        ("guest", "When your assessment says the load is too heavy, too bulky or too awkward for one person, and there's no mechanical aid that fits the job."),
        ("host", "And two people can lift twice as much?"),
        ("guest", "No, and that's the big trap. Two people together can handle only about two thirds of what they could lift separately. A team of three, about half."),
        ("host", "Why less?"),
        ("guest", "Because people don't move in perfect sync. One person ends up taking a bigger share, and you can't both stand in the ideal spot."),
        ("host", "So how do you run a good team lift?"),
        ("guest", "First, pick one leader. The leader plans the route and gives the commands, something like: ready, steady, lift."),
        ("guest", "Second, team up with people of similar height and strength, so the load stays level."),
        ("guest", "Third, agree where the load goes down before you lift it. And everyone still uses the five-step technique."),
        ("host", "What about talking during the lift?"),
        ("guest", "Keep talking. The leader calls stop, turn and down, and anyone can call stop if their grip starts to go."),
        None,
        ("host", "Any last advice?"),
        ("guest", "If a load needs more than three people, it shouldn't be lifted by hand at all. Get the right equipment."),
        ("host", "Priya, thank you. That's it for this episode of Safe Shift. Stay safe out there."),
    ],
}

VOICES = {  # base pitch (Hz), intonation depth (Hz), syllable rate (per second)
    "narrator": (128.0, 18.0, 3.4),
    "host": (112.0, 15.0, 3.6),
    "guest": (205.0, 28.0, 3.3),
}

# --------------------------------------------------------------------------- timing

GAP_MS = 550          # between sentences on one slide
SLIDE_GAP_MS = 1500   # at a slide change
LONG_PAUSE_MS = 3000  # PAUSE markers
LEAD_IN_MS = 1000
TAIL_MS = 1500


def speech_ms(text: str) -> int:
    words = len(text.split())
    return int(round(max(1.2, words / WORDS_PER_SECOND) * 10)) * 100


def layout_video(spec: dict) -> dict:
    """Times (ms) of every slide and sentence; a sentence is (start, end, speaker, text)."""
    t = 0
    slides, sentences = [], []
    slate = spec.get("slate")
    if slate:
        slides.append((0, slate["seconds"] * 1000, ("slate", slate)))
        t = slate["seconds"] * 1000
    t += LEAD_IN_MS

    def run(slide: dict, t: int) -> int:
        first = True
        for item in slide["say"]:
            if item is PAUSE:
                t += LONG_PAUSE_MS - GAP_MS
                continue
            if not first:
                t += GAP_MS
            first = False
            d = speech_ms(item)
            sentences.append((t, t + d, "narrator", item))
            t += d
        return t

    body = spec["slides"]
    slide_start = t - LEAD_IN_MS
    for slide in body:
        t = run(slide, t)
        t += SLIDE_GAP_MS // 2
        slides.append((slide_start, t, ("slide", slide)))
        slide_start = t
        t += SLIDE_GAP_MS - SLIDE_GAP_MS // 2
    content_end = slides[-1][1]
    outtake = spec.get("outtake")
    if outtake:
        t = content_end + LEAD_IN_MS
        t = run(outtake, t)
        end = t + TAIL_MS
        end = (end + 999) // 1000 * 1000
        slides.append((content_end, end, ("slide", outtake)))
    else:
        end = content_end + TAIL_MS
        end = (end + 999) // 1000 * 1000
        start, _, content = slides[-1]
        slides[-1] = (start, end, content)
    return {"slides": slides, "sentences": sentences, "duration_ms": end,
            "content_start_ms": slate["seconds"] * 1000 if slate else 0,
            "content_end_ms": content_end}


def layout_podcast(spec: dict) -> dict:
    t = int(spec["jingle_seconds"] * 1000) + 600
    sentences = []
    previous = None
    for line in spec["lines"]:
        if line is None:
            t += LONG_PAUSE_MS
            continue
        speaker, text = line
        if previous is not None:
            t += 450 if speaker == previous else 800
        d = speech_ms(text)
        sentences.append((t, t + d, speaker, text))
        t += d
        previous = speaker
    end = (t + TAIL_MS + 999) // 1000 * 1000
    return {"sentences": sentences, "duration_ms": end}


# --------------------------------------------------------------------------- captions

def vtt_time(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def balanced_chunks(words: list[str]) -> list[str]:
    """The fewest cues of at most two 42-character lines, of about equal length (no orphans)."""
    n = 1
    while True:
        total = sum(len(w) + 1 for w in words)
        chunks, chunk, used = [], [], 0
        for word in words:
            # start a new cue once this one has its share of the characters
            if chunk and len(chunks) < n - 1 and used + len(word) / 2 > total * (len(chunks) + 1) / n:
                chunks.append(" ".join(chunk))
                chunk = []
            chunk.append(word)
            used += len(word) + 1
        chunks.append(" ".join(chunk))
        if all(len(wrap(c, 42)) <= 2 for c in chunks):
            return chunks
        n += 1


def caption_cues(sentences, voices: dict | None = None) -> list[tuple[int, int, str]]:
    """Sentences split into cues of at most two lines of 42 characters, timed by length.

    With ``voices`` (speaker -> name) each cue carries a WebVTT voice tag: ``<v Sam>``.
    """
    cues = []
    for start, end, speaker, text in sentences:
        chunks = balanced_chunks(text.split())
        total = sum(len(c) for c in chunks)
        t = start
        for i, c in enumerate(chunks):
            stop = end if i == len(chunks) - 1 else t + int(round((end - start) * len(c) / total / 10)) * 10
            body = "\n".join(wrap(c, 42))
            if voices:
                body = f"<v {voices[speaker]}>{body}"
            cues.append((t, stop, body))
            t = stop
    return cues


def write_vtt(path: Path, sentences, voices: dict | None = None) -> None:
    out = ["WEBVTT", ""]
    for i, (start, end, text) in enumerate(caption_cues(sentences, voices), 1):
        out += [str(i), f"{vtt_time(start)} --> {vtt_time(end)}", text, ""]
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- audio graph

def _num(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")


def voice_expr(speaker: str) -> str:
    f0, depth, rate = VOICES[speaker]
    phase = f"2*PI*({_num(f0)}*t-{_num(depth / (2 * math.pi * 0.23))}*cos(2*PI*0.23*t))"
    syllables = f"pow(max(0,sin(2*PI*({_num(rate)}*t+0.45*sin(2*PI*0.37*t)))),0.7)"
    return (f"st(0,{phase});st(1,0.5+0.5*sin(2*PI*1.7*t));st(2,0.5+0.5*cos(2*PI*2.3*t+1));"
            f"0.11*{syllables}*(sin(ld(0))+0.7*sin(2*ld(0))+0.5*ld(1)*sin(3*ld(0))"
            f"+0.35*ld(2)*sin(4*ld(0))+0.25*ld(1)*sin(5*ld(0))+0.15*ld(2)*sin(7*ld(0)))")


def gate_expr(spans: list[tuple[int, int]], ramp: float = 0.04) -> str:
    terms = [f"clip((t-{_num(s / 1000)})/{ramp},0,1)*clip(({_num(e / 1000)}-t)/{ramp},0,1)"
             for s, e in spans]
    return "+".join(terms) or "0"


def tones_expr(tones: list[tuple[float, float, float, float]]) -> str:
    """(start s, end s, frequency Hz, amplitude) tones with 10 ms ramps."""
    terms = [f"{_num(a)}*clip((t-{_num(s)})/0.01,0,1)*clip(({_num(e)}-t)/0.01,0,1)*sin(2*PI*{_num(f)}*t)"
             for s, e, f, a in tones]
    return "+".join(terms) or "0"


def audio_graph(sentences, duration_ms: int, tones=()) -> str:
    d = _num(duration_ms / 1000)
    parts, labels = [], []
    speakers = sorted({s[2] for s in sentences})
    for i, speaker in enumerate(speakers):
        spans = [(s, e) for s, e, who, _ in sentences if who == speaker]
        parts.append(f"aevalsrc=exprs='{voice_expr(speaker)}':s={SAMPLE_RATE}:d={d},"
                     f"asetnsamples=n=80:p=0,volume=eval=frame:volume='{gate_expr(spans)}'[v{i}]")
        labels.append(f"[v{i}]")
    if tones:
        parts.append(f"aevalsrc=exprs='{tones_expr(list(tones))}':s={SAMPLE_RATE}:d={d}[tones]")
        labels.append("[tones]")
    # a faint room tone, so that "silence" is quiet rather than digital zero
    parts.append(f"anoisesrc=color=pink:amplitude=0.0006:seed=20270104:r={SAMPLE_RATE}:d={d}[room]")
    labels.append("[room]")
    parts.append(f"{''.join(labels)}amix=inputs={len(labels)}:normalize=0,"
                 f"alimiter=limit=0.9:level=false,atrim=end={d}[aout]")
    return ";".join(parts)


BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-map_metadata", "-1", "-map_chapters", "-1"]


# --------------------------------------------------------------------------- video

def frame_painter(layout: dict):
    cache: dict[int, Canvas] = {}
    slides = layout["slides"]

    def base(index: int) -> Canvas:
        if index not in cache:
            kind, spec = slides[index][2]
            if kind == "slate":
                cache[index] = draw_slate(spec["title"], spec["take"])
            elif "cover" in spec:
                cache[index] = draw_cover(spec["cover"], spec["subtitle"])
            else:
                cache[index] = draw_bullets(spec["title"], spec["bullets"])
        return cache[index]

    duration = layout["duration_ms"]

    def paint(frame: int) -> bytes:
        ms = frame * 1000 // FPS
        index = next(i for i, (s, e, _) in enumerate(slides) if s <= ms < e or i == len(slides) - 1)
        c = base(index).copy()
        kind, spec = slides[index][2]
        seconds = ms // 1000
        if kind == "slate":  # countdown to the start of the take
            remaining = spec["seconds"] - seconds
            c.text(200, 70, str(remaining), 10, WHITE)
        # a progress bar and a running clock: every second looks different, which makes
        # trims and frame-accurate cuts visible
        c.rect(0, H - 4, W, 4, SLATE)
        c.rect(0, H - 4, W * (seconds + 1) * 1000 // duration, 4, YELLOW)
        c.text(W - 34, H - 13, f"{seconds // 60}:{seconds % 60:02d}", 1, GREY)
        return bytes(c.pixels)

    return paint


def make_video(name: str, spec: dict) -> dict:
    layout = layout_video(spec)
    duration_ms = layout["duration_ms"]
    tones = []
    slate = spec.get("slate")
    if slate:  # three countdown pips before the take starts
        for k in (3, 2, 1):
            t0 = slate["seconds"] - k - 1
            tones.append((t0, t0 + 0.12, 1000.0, 0.25))
    out = MEDIA / f"{name}.mp4"
    frames = duration_ms * FPS // 1000
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", str(FPS), "-i", "pipe:0",
           "-filter_complex", audio_graph(layout["sentences"], duration_ms, tones),
           "-map", "0:v", "-map", "[aout]",
           "-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage", "-crf", "30",
           "-g", str(FPS * 20), "-pix_fmt", "yuv420p", "-threads", "1",
           "-x264-params", "threads=1:lookahead-threads=1",
           "-c:a", "aac", "-b:a", "12k", "-ar", str(SAMPLE_RATE), "-ac", "1",
           *BITEXACT, "-max_interleave_delta", "0", "-movflags", "+faststart", "-t", _num(duration_ms / 1000), str(out)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    paint = frame_painter(layout)
    try:
        for f in range(frames):
            proc.stdin.write(paint(f))
    finally:
        proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit(f"ffmpeg failed for {out}")
    write_vtt(MEDIA / f"{name}.vtt", layout["sentences"])
    return {"file": out.name, "duration": duration_ms / 1000,
            "content": (layout["content_start_ms"] / 1000, layout["content_end_ms"] / 1000)}


def make_podcast(spec: dict) -> dict:
    layout = layout_podcast(spec)
    duration_ms = layout["duration_ms"]
    jingle = [(0.2 + 0.45 * i, 0.2 + 0.45 * i + 0.4, f, 0.18)
              for i, f in enumerate((523.25, 659.25, 783.99, 1046.5))]
    jingle.append((2.0, 2.8, 523.25, 0.12))
    jingle.append((2.0, 2.8, 783.99, 0.12))
    out = MEDIA / f"{spec['name']}.mp3"
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
           "-filter_complex", audio_graph(layout["sentences"], duration_ms, jingle),
           "-map", "[aout]", "-c:a", "libmp3lame", "-b:a", "16k", "-ar", str(SAMPLE_RATE), "-ac", "1",
           *BITEXACT, "-id3v2_version", "0", "-write_id3v1", "0", str(out)]
    if subprocess.run(cmd).returncode != 0:
        raise SystemExit(f"ffmpeg failed for {out}")
    write_vtt(MEDIA / f"{spec['name']}.vtt", layout["sentences"], spec["voices"])
    return {"file": out.name, "duration": duration_ms / 1000,
            "speech": (layout["sentences"][0][0] / 1000, layout["sentences"][-1][1] / 1000)}


# --------------------------------------------------------------------------- images

STEPS = [("1", "PLAN", "THE", "LIFT"), ("2", "POSITION", "YOUR", "FEET"), ("3", "BEND", "YOUR", "KNEES"),
         ("4", "GET A", "FIRM", "GRIP"), ("5", "LIFT", "SMOOTHLY", "")]


def make_steps_png() -> str:
    c = Canvas(640, 360, WHITE)
    c.rect(0, 0, 640, 56, NAVY)
    c.text_centered(320, 14, "THE FIVE-STEP LIFT", 4, YELLOW)
    colors = [(37, 99, 235), (13, 148, 136), (22, 163, 74), (234, 88, 12), (220, 38, 38)]
    box_w, gap, top = 112, 14, 84
    for i, ((num, *lines), color) in enumerate(zip(STEPS, colors)):
        x = 14 + i * (box_w + gap)
        c.rect(x, top, box_w, 200, color)
        c.disc(x + box_w / 2, top + 44, 30, WHITE)
        c.text_centered(x + box_w // 2, top + 23, num, 6, color)
        for k, line in enumerate(lines):
            c.text_centered(x + box_w // 2, top + 96 + 22 * k, line, 2, WHITE)
        if i < len(STEPS) - 1:  # a chevron pointing to the next step
            for k in range(7):
                c.rect(x + box_w + 3 + k // 2, top + 93 + k, 3, 1, NAVY)
                c.rect(x + box_w + 3 + k // 2, top + 107 - k, 3, 1, NAVY)
    tips = ["KEEP THE LOAD CLOSE", "MOVE YOUR FEET - DO NOT TWIST"]
    c.rect(0, 304, 640, 56, NAVY)
    c.text_centered(320, 312, tips[0], 2, WHITE)
    c.text_centered(320, 334, tips[1], 2, YELLOW)
    path = MEDIA / "five-steps.png"
    path.write_bytes(c.png())
    return path.name


def make_badge_png() -> str:
    c = Canvas(256, 256, (255, 255, 255))
    c.disc(128, 128, 124, NAVY)
    c.disc(128, 128, 112, YELLOW)
    c.disc(128, 128, 104, NAVY)
    # a box on a pallet, lifted: the course's emblem
    c.rect(88, 84, 80, 56, (180, 120, 60))
    c.rect(88, 108, 80, 6, (140, 90, 40))
    c.rect(80, 146, 96, 6, (120, 80, 40))
    for px in (84, 124, 164):
        c.rect(px, 152, 8, 8, (120, 80, 40))
    for k in range(18):                     # an upward arrow: lift it up
        c.rect(127 - k, 30 + k, 2 + 2 * k, 1, GREEN)
    c.rect(121, 48, 14, 28, GREEN)
    c.text_centered(128, 172, "SAFE", 3, YELLOW)
    c.text_centered(128, 198, "LIFTER", 3, YELLOW)
    path = MEDIA / "badge.png"
    path.write_bytes(c.png())
    return path.name


# --------------------------------------------------------------------------- main

def main() -> int:
    MEDIA.mkdir(parents=True, exist_ok=True)
    report = []
    for name, spec in VIDEOS.items():
        info = make_video(name, spec)
        report.append(f"{info['file']:<24} {info['duration']:7.1f} s  content {info['content'][0]:.1f}-{info['content'][1]:.1f} s")
    info = make_podcast(PODCAST)
    report.append(f"{info['file']:<24} {info['duration']:7.1f} s  speech {info['speech'][0]:.1f}-{info['speech'][1]:.1f} s")
    report.append(make_steps_png())
    report.append(make_badge_png())
    total = sum(p.stat().st_size for p in MEDIA.iterdir() if p.is_file())
    print("\n".join(report))
    print(f"total media: {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
