"""The session API of API.md: log in, who am I, log out."""
from flask import current_app
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from fieldapp.accounts import services
from fieldapp.accounts.limits import limit_logins
from fieldapp.accounts.schemas import LoginSchema, SessionSchema
from fieldapp.core.errors import ApiError
from fieldapp.core.permissions import public, requires
from fieldapp.core.security import csrf_exempt_methods
from fieldapp.extensions import db
from fieldapp.places.consent import current_notice

blp = Blueprint("session", __name__, url_prefix="/api/v1/session",
                description="Logging in and out; the CSRF token for changes.")


def session_body(user):
    return {"user": user, "csrf_token": generate_csrf(), "commune": user.commune,
            "coverage_rule": list(current_app.config["FIELDAPP_COVERAGE_RULE"]),
            "return_after_days": current_app.config["FIELDAPP_RETURN_AFTER_DAYS"],
            "time_zone": current_app.config["BABEL_DEFAULT_TIMEZONE"],
            "consent_notice": current_notice(user.commune_id)}


@blp.route("")
@csrf_exempt_methods({"POST"})
class Session(MethodView):
    decorators = [limit_logins]

    @requires("signed_in")
    @blp.response(200, SessionSchema)
    def get(self):
        """The logged-in user and a CSRF token for the requests that change data."""
        return session_body(current_user)

    @public
    @blp.arguments(LoginSchema)
    @blp.response(200, SessionSchema)
    @blp.alt_response(401, description="Wrong username or password")
    @blp.alt_response(429, description="Too many failed attempts")
    def post(self, credentials):
        """Log in. The same answer for an unknown name and a wrong password."""
        user = services.authenticate(credentials["username"], credentials["password"])
        if user is None:
            services.record_failed_login(credentials["username"])
            db.session.commit()
            raise ApiError(401, _("Wrong username or password."), code="invalid_credentials")
        services.log_in(user, remember=credentials["remember"])
        db.session.commit()
        return session_body(user)

    @requires("signed_in")
    @blp.response(204)
    def delete(self):
        """Log out and end the session and the remember-me cookie."""
        services.log_out(current_user)
        db.session.commit()
