"""The login page, logout, the language switch, and each role's home."""
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fieldapp.accounts import services
from fieldapp.accounts.forms import LoginForm
from fieldapp.accounts.limits import limit_logins
from fieldapp.core.i18n import LANG_COOKIE
from fieldapp.core.permissions import public, requires
from fieldapp.extensions import db

bp = Blueprint("accounts", __name__)

HOME_BY_ROLE = {
    "volunteer": "pwa.app_shell",
    "leader": "dashboard.index",
    "officer": "office.index",
    "admin": "office.index",
    "supervisor": "province.index",
}


def home_url(user):
    return url_for(HOME_BY_ROLE[user.role])


def _safe_next(target):
    """Only a path on this site: never send a fresh login to someone else's page."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
@public
def index():
    if current_user.is_authenticated and current_user.active:
        return redirect(home_url(current_user))
    return redirect(url_for("accounts.login"))


@bp.route("/login", methods=["GET", "POST"])
@public
@limit_logins
def login():
    form = LoginForm()
    if current_user.is_authenticated and current_user.active and request.method == "GET":
        return redirect(home_url(current_user))  # a deactivated user is shown the form
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            services.log_in(user, remember=form.remember.data)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or home_url(user))
        services.record_failed_login(form.username.data)
        db.session.commit()
        form.password.errors.append(_("Wrong username or password."))
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@requires("signed_in")
def logout():
    services.log_out(current_user)
    db.session.commit()
    return redirect(url_for("accounts.login"))


@bp.route("/language", methods=["POST"])
@public
def set_language():
    lang = request.form.get("lang")
    if lang not in ("vi", "en"):
        lang = "vi"
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    response = redirect(_safe_next(request.form.get("next")) or url_for("accounts.index"))
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    return response
