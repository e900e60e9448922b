"""Which language to answer in: Vietnamese unless the user or the request asks for English."""
from flask import current_app, has_request_context, request
from flask_login import current_user

LANG_COOKIE = "lang"


def select_locale():
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return current_app.config["FIELDAPP_CLI_LANG"]  # the command line, for operators
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages, default=default)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if request.cookies.get(LANG_COOKIE) in languages:
        return request.cookies[LANG_COOKIE]
    return default
