"""The office's users at /office/users: list, create, change role and villages, reset a
password, revoke a phone, deactivate and reactivate (officer and admin)."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fieldapp.accounts import devices, services
from fieldapp.accounts.models import User, VillageAssignment
from fieldapp.core.params import row_id
from fieldapp.core.permissions import requires
from fieldapp.extensions import db
from fieldapp.office.scope import commune_args, communes_to_choose, office_commune, seen
from fieldapp.places.queries import villages_of_commune

bp = Blueprint("office_users", __name__, url_prefix="/office/users")


def _villages(commune_id):
    return db.session.scalars(villages_of_commune(commune_id)).all()


def _chosen_villages(commune_id):
    """The villages ticked in the form; AccountError when one is not a village of the commune."""
    ids = {row_id(value) for value in request.form.getlist("village")}
    villages = [v for v in _villages(commune_id) if v.id in ids]
    if len(villages) != len(ids):
        raise services.AccountError(_("Choose the villages from the list."))
    return villages


def _account(user_id):
    """The account with this id: 404 when another commune's, 403 when the office may not
    manage it (an officer's or admin's account for an officer; one's own)."""
    account = seen(db.session.get(User, user_id))
    services.check_manages(current_user, account)
    return account


def _password_page(account, password, commune):
    """The new password, shown this once: never flashed (the cookie would carry it), never
    logged, and not kept by the browser's cache."""
    response = make_response(render_template("office/password.html", account=account, password=password,
                                             scope=commune_args(commune)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("")
@requires("officer")
def index():
    commune = office_commune()
    accounts = db.session.scalars(
        select(User).where(User.commune_id == commune.id)
        .options(selectinload(User.assignments).selectinload(VillageAssignment.village))
        .order_by(User.active.desc(), User.role, User.full_name, User.username)).all()
    return render_template("office/users.html", commune=commune, accounts=accounts,
                           managed_roles=services.roles_managed_by(current_user),
                           communes=communes_to_choose(), scope=commune_args(commune))


@bp.route("/new", methods=["GET", "POST"])
@requires("officer")
def new():
    commune = office_commune()
    form = request.form
    if request.method == "POST":
        try:
            account, password = services.add_user(
                current_user, commune, form.get("username", ""), form.get("role", ""),
                full_name=form.get("full_name", ""), villages=_chosen_villages(commune.id),
                password=form.get("password") or None)
            db.session.commit()
        except services.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            if password:
                return _password_page(account, password, commune)
            flash(_("The account %(username)s was created.", username=account.username), "success")
            return redirect(url_for("office_users.index", **commune_args(commune)))
    return render_template("office/user_new.html", commune=commune, form=form,
                           roles=services.roles_managed_by(current_user), villages=_villages(commune.id),
                           scope=commune_args(commune))


@bp.route("/<id:user_id>", methods=["GET", "POST"])
@requires("officer")
def edit(user_id):
    account = _account(user_id)
    form = request.form
    if request.method == "POST":
        try:
            services.change_user(current_user, account, form.get("full_name", ""), form.get("role", ""))
            services.change_villages(current_user, account, _chosen_villages(account.commune_id))
            db.session.commit()
        except services.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("The account %(username)s was saved.", username=account.username), "success")
            return redirect(url_for("office_users.index", **commune_args(account.commune)))
    ticked = {row_id(v) for v in form.getlist("village")} if form else set(account.village_ids)
    return render_template("office/user_edit.html", account=account, form=form, ticked=ticked,
                           devices=devices.devices_of(account), roles=services.roles_managed_by(current_user),
                           villages=_villages(account.commune_id), scope=commune_args(account.commune))


@bp.route("/<id:user_id>/password", methods=["POST"])
@requires("officer")
def reset_password(user_id):
    account = _account(user_id)
    password = services.reset_password(current_user, account)
    db.session.commit()
    return _password_page(account, password, account.commune)


@bp.route("/<id:user_id>/devices/<path:device_id>/revoke", methods=["POST"])
@requires("officer")
def revoke_device(user_id, device_id):
    """A lost or stolen phone: its next sync is refused and it wipes itself; the account and
    its other phones go on. The box must be ticked to confirm."""
    account = _account(user_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that this phone is to be revoked."), "error")
        return redirect(url_for("office_users.edit", user_id=account.id))
    if devices.revoke(current_user, account, device_id) is None:
        abort(404)
    db.session.commit()
    flash(_("The phone was revoked: at its next sync it deletes the data it holds."), "success")
    return redirect(url_for("office_users.edit", user_id=account.id))


def _set_active(user_id, active, done):
    """Deactivate or reactivate the account, then back to its page saying `done(username)`."""
    account = _account(user_id)
    services.set_active(current_user, account, active)
    db.session.commit()
    flash(done(account.username), "success")
    return redirect(url_for("office_users.edit", user_id=account.id))


@bp.route("/<id:user_id>/deactivate", methods=["POST"])
@requires("officer")
def deactivate(user_id):
    return _set_active(user_id, False, lambda username: _(
        "The account %(username)s is deactivated: its sessions have ended and it can no longer "
        "log in.", username=username))


@bp.route("/<id:user_id>/reactivate", methods=["POST"])
@requires("officer")
def reactivate(user_id):
    return _set_active(user_id, True, lambda username: _("The account %(username)s can log in again.",
                                                           username=username))
