"""The development server's request log (`make run`) keeps the path, never the query string:
searches put names and phone numbers there (the production log format in docs/deploy.md
already leaves it out)."""
import logging
import re

# Greedy: up to the last " HTTP/" of the request line, whatever the query holds.
_QUERY = re.compile(r"\?.*(?= HTTP/\d)", re.DOTALL)


class PathOnly(logging.Filter):
    def filter(self, record):
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            record.args = (_QUERY.sub("", record.args[0], count=1), *record.args[1:])
        return True


def register_request_log():
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, PathOnly) for f in logger.filters):
        logger.addFilter(PathOnly())
