"""The guide cards: one JSON file per guide in `content/`, illustrations in static/guides/.

A file holds `slug` (its own name), `order` (place in the list), `title`, `version` (a whole
number, raised with every change a reader should notice), `skills` (the skill keys of DOMAIN.md
it teaches, one or more: what a volunteer may tick after showing it) and `steps`, each `{"text", "image"}`
where `image` names an SVG of static/guides/. A step's text may hold `{portal}`, the province's
own portal, filled in where the card is shown (local.py); no other braces. Files are small: the
volunteer app keeps every card for offline use.
"""
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from fieldapp.core.vocabulary import SKILLS
from fieldapp.guides.local import PLACEHOLDERS

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMAGE = re.compile(r"^[a-z0-9-]+$")
FIELDS = {"slug", "order", "title", "version", "skills", "steps"}
# Budgets: a card is read on a cheap phone, kept offline and printed on one A4 page.
MAX_FILE_BYTES = 3_000
MAX_STEPS = 6
MAX_STEP_CHARS = 220
MAX_TITLE_CHARS = 60


class ContentError(ValueError):
    """A guide file that breaks the rules above; the message names the file."""


@dataclass(frozen=True)
class Step:
    text: str
    image: str


@dataclass(frozen=True)
class Guide:
    slug: str
    order: int
    title: str
    version: int
    skills: tuple[str, ...]
    steps: tuple[Step, ...]
    digest: str  # of the file's bytes: changes with any edit, even one that forgot `version`

    @property
    def images(self):
        return tuple(dict.fromkeys(step.image for step in self.steps))


def _check(condition, path, message):
    if not condition:
        raise ContentError(f"{path.name}: {message}")


def _text(value, limit):
    return isinstance(value, str) and value == value.strip() and 0 < len(value) <= limit


def parse_guide(path, images_dir):
    """Read and check one guide file; `images_dir` is where its illustrations must be."""
    raw = path.read_bytes()
    _check(len(raw) <= MAX_FILE_BYTES, path, f"{len(raw)} bytes, more than {MAX_FILE_BYTES}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContentError(f"{path.name}: not UTF-8 JSON ({error})") from error
    _check(isinstance(data, dict) and set(data) == FIELDS, path, f"needs exactly the fields {sorted(FIELDS)}")
    _check(data["slug"] == path.stem and SLUG.match(path.stem), path,
           "slug must be the file's name (a-z, 0-9, -)")
    for name in ("order", "version"):
        value = data[name]
        _check(isinstance(value, int) and not isinstance(value, bool) and value >= 1, path,
               f"{name} must be a whole number from 1")
    _check(_text(data["title"], MAX_TITLE_CHARS), path, f"title: 1 to {MAX_TITLE_CHARS} characters")
    skills = data["skills"]
    _check(isinstance(skills, list) and skills and len(set(skills)) == len(skills)
           and all(skill in SKILLS for skill in skills), path,
           f"skills must be one or more distinct keys of {list(SKILLS)}")
    steps = data["steps"]
    _check(isinstance(steps, list) and 2 <= len(steps) <= MAX_STEPS, path, f"2 to {MAX_STEPS} steps")
    for number, step in enumerate(steps, start=1):
        _check(isinstance(step, dict) and set(step) == {"text", "image"}, path,
               f"step {number}: text and image")
        _check(_text(step["text"], MAX_STEP_CHARS), path,
               f"step {number}: text of 1 to {MAX_STEP_CHARS} characters")
        bare = step["text"]
        for placeholder in PLACEHOLDERS:
            bare = bare.replace(placeholder, "")
        _check("{" not in bare and "}" not in bare, path,
               f"step {number}: braces only as {', '.join(PLACEHOLDERS)}")
        image = step["image"]
        _check(isinstance(image, str) and IMAGE.match(image) and (images_dir / f"{image}.svg").is_file(),
               path, f"step {number}: no illustration static/guides/{image}.svg")
    return Guide(slug=data["slug"], order=data["order"], title=data["title"], version=data["version"],
                 skills=tuple(skills), steps=tuple(Step(s["text"], s["image"]) for s in steps),
                 digest=hashlib.sha256(raw).hexdigest()[:12])


def load_guides(content_dir, images_dir):
    """Every guide of `content_dir`, in their order; raises ContentError for a bad file."""
    guides = [parse_guide(path, images_dir) for path in sorted(Path(content_dir).glob("*.json"))]
    orders = [guide.order for guide in guides]
    if len(set(orders)) != len(orders):
        raise ContentError(f"two guides share an order: {sorted(orders)}")
    return sorted(guides, key=lambda guide: guide.order)
