"""Static files are sent compressed like pages: the volunteer app's shell has to fit the
first-load budget of a phone on a slow network (issue 4), and no proxy is assumed to do it."""
from contextlib import closing

from flask import request

# Static files worth compressing; images other than SVG are compressed already.
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "application/manifest+json",
                "image/svg+xml"}


def _read_static_file(response):
    """Turn a file streamed by send_file into bytes (and close the file), so that
    Flask-Compress, which leaves streams alone, compresses it."""
    if request.endpoint != "static":
        return response
    response.headers.pop("Content-Disposition", None)  # "inline; filename=…": says nothing here
    if response.status_code != 200 or not response.is_streamed:
        return response
    if response.mimetype not in COMPRESSIBLE:
        return response
    with closing(response.response):
        body = b"".join(response.response)
    response.direct_passthrough = False
    response.set_data(body)
    return response


def register_static_files(app):
    # after_request functions run last-registered first: this one runs before Flask-Compress's.
    app.after_request(_read_static_file)
