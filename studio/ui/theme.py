"""The studio's look: one light palette, a type scale and the style sheet that uses them.

Colours are named for their role so widgets that paint themselves (the budget gauge, the
icons) use the same ones as the style sheet.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

INK = "#1d2433"          # primary text
INK_SOFT = "#4b5568"     # secondary text
INK_FAINT = "#8a93a6"    # captions, placeholders
WINDOW = "#f3f4f7"       # window background, behind panels
SURFACE = "#ffffff"      # panels, cards, views
SURFACE_ALT = "#f7f8fa"  # alternate rows, headers
LINE = "#e1e4ea"         # hairlines between regions
LINE_STRONG = "#cdd2dc"
ACCENT = "#3d5afe"       # selection, primary buttons, focus
ACCENT_SOFT = "#e8ecff"  # selected rows
OK = "#2b9348"
WARN = "#e8890c"
BAD = "#d64045"
INFO = "#3a7bd5"

SEVERITY_COLOURS = {"error": BAD, "warning": WARN, "info": INFO}
BLOOM_COLOURS = {1: "#0b7285", 2: "#3a7bd5", 3: "#2b9348", 4: "#b7791f", 5: "#c2410c", 6: "#7c3aed"}
KIND_COLOURS = {
    "video": "#d9480f", "audio": "#9c36b5", "text": "#1c7ed6", "image": "#0ca678", "quiz": "#e8590c",
    "summary_card": "#3b5bdb", "survey": "#5f3dc4", "action_plan": "#2b8a3e",
}
FONT_FAMILIES = ["Inter", "Segoe UI", "SF Pro Text", "Helvetica Neue", "Cantarell", "Noto Sans",
                 "Ubuntu", "DejaVu Sans", "Liberation Sans", "Arial"]
BASE_POINT_SIZE = 10


def ui_font(point_size: float = BASE_POINT_SIZE, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setWeight(weight)
    return font


def palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW, QPalette.ColorRole.WindowText: INK,
        QPalette.ColorRole.Base: SURFACE, QPalette.ColorRole.AlternateBase: SURFACE_ALT,
        QPalette.ColorRole.Text: INK, QPalette.ColorRole.Button: SURFACE,
        QPalette.ColorRole.ButtonText: INK, QPalette.ColorRole.Highlight: ACCENT_SOFT,
        QPalette.ColorRole.HighlightedText: INK, QPalette.ColorRole.ToolTipBase: INK,
        QPalette.ColorRole.ToolTipText: SURFACE, QPalette.ColorRole.PlaceholderText: INK_FAINT,
        QPalette.ColorRole.Link: ACCENT, QPalette.ColorRole.Mid: LINE_STRONG,
        QPalette.ColorRole.Midlight: LINE, QPalette.ColorRole.Dark: LINE_STRONG,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(INK_FAINT))
    return p


STYLE_SHEET = f"""
QMainWindow, QMainWindow::separator {{ background: {WINDOW}; }}
QMainWindow::separator {{ width: 1px; height: 1px; background: {LINE}; }}
QToolTip {{ color: {SURFACE}; background: {INK}; border: none; padding: 4px 6px; }}

QMenuBar {{ background: {SURFACE}; border-bottom: 1px solid {LINE}; padding: 2px 4px; }}
QMenuBar::item {{ padding: 4px 10px; border-radius: 4px; }}
QMenuBar::item:selected {{ background: {ACCENT_SOFT}; }}
QMenu {{ background: {SURFACE}; border: 1px solid {LINE_STRONG}; padding: 4px; }}
QMenu::item {{ padding: 5px 28px 5px 12px; border-radius: 4px; }}
QMenu::item:selected {{ background: {ACCENT_SOFT}; color: {INK}; }}
QMenu::item:disabled {{ color: {INK_FAINT}; }}
QMenu::separator {{ height: 1px; background: {LINE}; margin: 4px 6px; }}

QToolBar {{ background: {SURFACE}; border: none; border-bottom: 1px solid {LINE}; padding: 4px 8px; spacing: 4px; }}
QToolButton {{ padding: 4px 8px; border-radius: 6px; color: {INK}; }}
QToolButton:hover {{ background: {WINDOW}; }}
QToolButton:disabled {{ color: {INK_FAINT}; }}
QToolButton:pressed, QToolButton:checked {{ background: {ACCENT_SOFT}; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}

QDockWidget {{ color: {INK_SOFT}; font-weight: 600; }}
QDockWidget::title {{ background: {SURFACE}; padding: 8px 12px; border-bottom: 1px solid {LINE}; text-align: left; }}

QTreeView, QTableView, QListView {{ background: {SURFACE}; border: none; outline: 0;
    selection-background-color: {ACCENT_SOFT}; selection-color: {INK}; }}
QTreeView::item, QTableView::item {{ padding: 4px 4px; }}
QTreeView::item:selected, QTableView::item:selected, QListView::item:selected {{ background: {ACCENT_SOFT}; color: {INK}; }}
QTreeView::item:hover, QTableView::item:hover {{ background: {SURFACE_ALT}; }}
QTreeView::item:selected:hover, QTableView::item:selected:hover {{ background: {ACCENT_SOFT}; }}
QHeaderView {{ background: {SURFACE}; border: none; }}
QHeaderView::section {{ background: {SURFACE}; color: {INK_FAINT}; border: none; border-bottom: 1px solid {LINE};
    padding: 5px 8px; font-weight: 600; }}

QScrollArea {{ background: {WINDOW}; border: none; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {LINE_STRONG}; border-radius: 3px; min-height: 24px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:horizontal {{ background: {LINE_STRONG}; border-radius: 3px; min-width: 24px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}

QStatusBar {{ background: {SURFACE}; border-top: 1px solid {LINE}; color: {INK_SOFT}; }}
QStatusBar::item {{ border: none; }}
QProgressBar {{ background: {LINE}; border: none; border-radius: 3px; max-height: 6px; min-width: 120px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}

QPushButton {{ background: {SURFACE}; border: 1px solid {LINE_STRONG}; border-radius: 6px; padding: 7px 16px; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; font-weight: 600; }}
QPushButton[primary="true"]:hover {{ background: #3049d9; }}
QPushButton[link="true"] {{ border: none; background: transparent; color: {ACCENT}; padding: 2px 0; text-align: left; }}
QPushButton[link="true"]:hover {{ text-decoration: underline; }}

QFrame[card="true"] {{ background: {SURFACE}; border: 1px solid {LINE}; border-radius: 10px; }}
QLabel[role="title"] {{ color: {INK}; }}
QLabel[role="caption"] {{ color: {INK_FAINT}; }}
QLabel[role="soft"] {{ color: {INK_SOFT}; }}
QLabel[role="section"] {{ color: {INK_FAINT}; font-weight: 600; letter-spacing: 0.5px; }}
QLabel[role="chip"] {{ border-radius: 9px; padding: 2px 8px; font-weight: 600; }}
"""


def apply(app: QApplication) -> None:
    """The palette, the font and the style sheet, once at start-up."""
    app.setStyle("Fusion")
    app.setPalette(palette())
    app.setFont(ui_font())
    app.setStyleSheet(STYLE_SHEET)
