from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

REQUIRED = _l("Please fill in this field.")
TOO_LONG = _l("This is too long.")


class LoginForm(FlaskForm):
    username = StringField(_l("Username"),
                           validators=[DataRequired(REQUIRED), Length(max=80, message=TOO_LONG)])
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)])
    remember = BooleanField(_l("Stay logged in on this device"), default=True)
