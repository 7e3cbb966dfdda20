"""Where the project is: the folder that holds kb/, content/, forms/, rules/, templates/ and theme/."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
