"""The server room's shared admin shell: users and roles, login, CSRF, errors, page layout.

The content hub, the portal and the fleet dashboard all sit behind this one login.
They import `login_required` and `current_user` from here;
`init_app` wires the rest into the Flask app.
"""

from backoffice.auth import current_user, login_required
from backoffice.nav import add_nav_entry
from backoffice.setup import csrf, init_app
from backoffice.users import ROLES, User

__all__ = [
    "ROLES",
    "User",
    "add_nav_entry",
    "csrf",
    "current_user",
    "init_app",
    "login_required",
]
