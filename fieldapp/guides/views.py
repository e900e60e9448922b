"""Guide cards on the web: the public pages citizens open from a QR code or a shared link (no
login, cacheable, nothing personal), the cards as one JSON file for the volunteer app to keep
offline, the QR codes, and the A4 leaflet the commune office prints.

`?commune=<code>` on the public pages (the leaflets' QR codes carry it) adds what the commune
posts publicly anyway: its name, its hotline, its help points (kind, name, address, hours) and
its province's portal in the cards' text. A code that is not a commune's is ignored."""
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import segno
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from fieldapp.core.permissions import public, requires
from fieldapp.extensions import db
from fieldapp.guides.content import CONTENT_DIR, Step, load_guides
from fieldapp.guides.local import fill, province_portal
from fieldapp.office.scope import office_commune
from fieldapp.places.models import Commune
from fieldapp.plans.queries import help_points_of

bp = Blueprint("guides", __name__)

# What citizens read is in Vietnamese, whatever language the volunteer's or officer's screens use.
CITIZEN_LOCALE = "vi"
PUBLIC_TEMPLATES = ("guides/_public.html", "guides/index.html", "guides/guide.html", "guides/_local.html")
# Shared caches may keep a page an hour; the app and the QR codes revalidate by ETag.
PAGE_MAX_AGE = 3600
QR_MAX_AGE = 86400
MAX_BUNDLES = 64  # /guides.json bodies kept, one per public address and commune: about 42 kB each
COMMUNE_CODE = re.compile(r"[0-9]{5}")  # the official code (places.create_commune)


@dataclass(frozen=True)
class Library:
    guides: dict  # slug -> Guide, in the cards' order
    drawings: dict  # illustration name -> its SVG text
    pages: str  # digest of the public pages' templates: a deploy that changes them is a new ETag
    bundles: dict = field(default_factory=dict)  # public address -> /guides.json's body

    def image_version(self, name):
        return hashlib.sha256(self.drawings[name].encode()).hexdigest()[:12]

    def get(self, slug):
        guide = self.guides.get(slug)
        if guide is None:
            abort(404)
        return guide


def library():
    """The cards, read and checked once per process (the files change with a deploy), every
    time in debug mode, where they are being edited."""
    cached = current_app.extensions.get("fieldapp.guides")
    if cached is None or current_app.debug:
        images_dir = Path(current_app.static_folder) / "guides"
        guides = load_guides(CONTENT_DIR, images_dir)
        names = sorted({name for guide in guides for name in guide.images})
        templates = Path(current_app.template_folder)
        pages = hashlib.sha256(b"".join((templates / name).read_bytes() for name in PUBLIC_TEMPLATES))
        cached = Library(guides={guide.slug: guide for guide in guides},
                         drawings={name: (images_dir / f"{name}.svg").read_text(encoding="utf-8").strip()
                                   for name in names},
                         pages=pages.hexdigest()[:12])
        current_app.extensions["fieldapp.guides"] = cached
    return cached


@dataclass(frozen=True)
class HelpPointShown:
    kind: str
    name: str
    address: str
    hours: str | None


@dataclass(frozen=True)
class Local:
    """What a public page shows of one commune: only what the commune posts publicly."""
    code: str
    name: str
    hotline: str | None
    help_points: tuple
    portal: object  # local.Portal, or None

    @property
    def digest(self):
        points = [list(vars(point).values()) for point in self.help_points]
        shown = [self.code, self.name, self.hotline, points, str(self.portal) if self.portal else None]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:12]


def local_of(code):
    """The commune whose official code is `code` (a query argument: anything at all), as the
    public pages show it; None for no code, a malformed one or one no commune has."""
    if not isinstance(code, str) or not COMMUNE_CODE.fullmatch(code):
        return None
    commune = db.session.scalar(select(Commune).where(Commune.code == code))
    if commune is None:
        return None
    points = tuple(HelpPointShown(point.kind, point.name, point.address, point.hours)
                   for point in db.session.scalars(help_points_of(commune.id)))
    return Local(code=commune.code, name=commune.name, hotline=commune.hotline, help_points=points,
                 portal=province_portal(commune))


def requested_local():
    return local_of(request.args.get("commune"))


def steps_of(guide, portal):
    """The card's steps as read where `portal` is the province's portal (None: not known)."""
    return [Step(fill(step.text, portal), step.image) for step in guide.steps]


def public_url(endpoint, **values):
    """The absolute address of a page as citizens reach it: FIELDAPP_PUBLIC_URL when set, else
    the address this request came to."""
    base = current_app.config.get("FIELDAPP_PUBLIC_URL")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def image_url(name, cards):
    # The digest in the query makes a changed drawing a new URL for the browsers' caches.
    return url_for("static", filename=f"guides/{name}.svg", v=cards.image_version(name))


def cacheable(response, etag, max_age):
    """Public, revalidated by ETag; a matching If-None-Match is answered 304 with no body."""
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)


def render_public(template, etag, **context):
    with force_locale(CITIZEN_LOCALE):
        page = render_template(template, **context)
    return cacheable(current_app.response_class(page, mimetype="text/html"), etag, PAGE_MAX_AGE)


@bp.route("/guides")
@public
def index():
    cards = library()
    local = requested_local()
    versions = ".".join(f"{guide.version}-{guide.digest}" for guide in cards.guides.values())
    shown = f"{versions}.{cards.pages}" + (f".{local.digest}" if local else "")
    etag = hashlib.sha256(shown.encode()).hexdigest()[:16]
    return render_public("guides/index.html", etag, guides=cards.guides.values(), local=local,
                         where=where(local))


@bp.route("/guides/<slug>")
@public
def public_guide(slug):
    cards = library()
    guide = cards.get(slug)
    local = requested_local()
    etag = f"{guide.slug}.{guide.version}.{guide.digest}.{cards.pages}"
    if local:
        etag += f".{local.digest}"
    return render_public("guides/guide.html", etag, guide=guide, cards=cards, image_url=image_url,
                         steps=steps_of(guide, local.portal if local else None), local=local,
                         where=where(local))


def where(local):
    """The query arguments that keep a reader in their commune from page to page."""
    return {"commune": local.code} if local else {}


@bp.route("/guides.json")
@public
def bundle():
    """Every card for the volunteer app, which keeps this one file for offline use: with the
    drawings and the QR codes in it (SVG text), one request instead of thirty, each of which
    would carry its own headers. With `?commune=<code>` (the app sends its user's commune), the
    QR codes and links carry the code and the cards name the province's portal."""
    cards = library()
    local = requested_local()
    base = public_url("guides.index")  # the QR codes and links hold the public address
    key = (base, local.code, str(local.portal)) if local else (base,)
    cached = cards.bundles.get(key)
    if cached is None:
        if len(cards.bundles) >= MAX_BUNDLES:  # without FIELDAPP_PUBLIC_URL, any Host header is a base
            cards.bundles.clear()
        body = json.dumps({
            "images": cards.drawings,
            "guides": [{
                "slug": guide.slug, "title": guide.title, "version": guide.version,
                "skills": list(guide.skills),
                "url": public_url("guides.public_guide", slug=guide.slug, **where(local)),
                "qr": qr_svg(guide, local).decode(),
                "steps": [{"text": step.text, "image": step.image}
                          for step in steps_of(guide, local.portal if local else None)],
            } for guide in cards.guides.values()],
        }, ensure_ascii=False, separators=(",", ":"))
        cached = cards.bundles[key] = (body, hashlib.sha256(body.encode()).hexdigest()[:16])
    body, etag = cached
    response = cacheable(current_app.response_class(body, mimetype="application/json"), etag, 0)
    response.cache_control.no_cache = True  # the app asks again at every start it is online
    return response


def qr_svg(guide, local=None):
    """A QR code of the card's public address (with the commune's code, for a commune's
    leaflet), drawn by segno: SVG that scales to any size."""
    address = public_url("guides.public_guide", slug=guide.slug, **where(local))
    code = segno.make(address, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=4, omitsize=True, light="#fff", xmldecl=False,
              svgclass=None, lineclass=None, nl=False)
    return out.getvalue()


@bp.route("/guides/<slug>/qr.svg")
@public
def qr(slug):
    body = qr_svg(library().get(slug), requested_local())
    response = current_app.response_class(body, mimetype="image/svg+xml")
    return cacheable(response, hashlib.sha256(body).hexdigest()[:16], QR_MAX_AGE)


@bp.route("/guides/<slug>/leaflet")
@requires("officer")
def leaflet(slug):
    """An A4 leaflet of one card with its QR code and the commune's name and hotline, printed
    from the browser (the print styles of base.css)."""
    cards = library()
    guide = cards.get(slug)
    with force_locale(CITIZEN_LOCALE):
        printed = {"scan": _("Scan the code with your phone's camera to read this guide."),
                   "hotline": _("Hotline of the commune"),
                   "team": _("Community digital team"),
                   "help_points": _("Where to get help")}
    commune = office_commune()
    points = db.session.scalars(help_points_of(commune.id)).all()  # beside the hotline
    # The QR code and the address carry the commune's code: the scanned page shows its help.
    return render_template("guides/leaflet.html", guide=guide, commune=commune, printed=printed,
                           steps=steps_of(guide, province_portal(commune)),
                           help_points=points,
                           address=public_url("guides.public_guide", slug=guide.slug, commune=commune.code),
                           cards=cards, image_url=image_url)
