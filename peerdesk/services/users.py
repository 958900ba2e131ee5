"""User management: add, reset a password, deactivate, reactivate, change your own password.

Every change to who can open the file touches both the users table and the key sidecar.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.models import User
from peerdesk.domain.roles import Permission, Role, format_roles, parse_roles
from peerdesk.domain.usernames import normalize_username, username_problem
from peerdesk.i18n import _
from peerdesk.services import audit, settings
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import NotFound, ServiceError, WrongCredentials
from peerdesk.services.store import Vault

WORKER_ROLES = frozenset({Role.PEER_WORKER, Role.FAMILY_PEER_SPECIALIST, Role.SUPERVISOR})


@dataclass
class NewUser:
    username: str
    full_name: str
    roles: frozenset[Role]
    password: str
    credential: str = ""




@dataclass(frozen=True)
class UserView:
    """A user as the screens show them (a frozen copy: nothing reaches back into the file)."""

    id: int
    username: str
    full_name: str
    credential: str
    roles: str  # as stored; :attr:`role_set` for the roles themselves
    active: bool
    must_change_password: bool

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(parse_roles(self.roles))

    @property
    def label(self) -> str:
        """Name and credential, as a list of workers shows them."""
        return f"{self.full_name}, {self.credential}" if self.credential else self.full_name


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.full_name, user.credential, user.roles,
                    user.active, user.must_change_password)


def list_users(session: Session, actor: Actor,
               include_inactive: bool = True) -> list[UserView]:
    query = select(User).order_by(User.full_name)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    if not actor.can(Permission.MANAGE_USERS):
        query = query.where(User.active.is_(True))
    return [_view(u) for u in session.execute(query).scalars()]


def workers(session: Session, actor: Actor, *,
            include_inactive: bool = False) -> list[UserView]:
    """The users a participant can be assigned to (peer workers, family peer specialists,
    supervisors), by name."""
    return [u for u in list_users(session, actor, include_inactive)
            if u.role_set & WORKER_ROLES]


def user_view(session: Session, username: str) -> UserView:
    """One user by user name (``NotFound`` if there is none)."""
    return _view(get_user(session, username))


def get_user(session: Session, username: str) -> User:
    user = session.execute(
        select(User).where(User.username == normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        raise NotFound(_("There is no user named {name}.").format(name=username))
    return user


def _check_password(session: Session, password: str) -> None:
    problems = settings.load(session).password_rules.problems(password)
    if problems:
        raise ServiceError(" ".join(problems))


def add_user(session: Session, actor: Actor, vault: Vault, new: NewUser) -> User:
    actor.require(Permission.MANAGE_USERS)
    username = normalize_username(new.username)
    problems: list[str] = []
    if (msg := username_problem(username)) is not None:
        problems.append(msg)
    if not new.full_name.strip():
        problems.append(_("Please enter the person's full name."))
    if not new.roles:
        problems.append(_("Please give the user at least one role."))
    problems += settings.load(session).password_rules.problems(new.password)
    if problems:
        raise ServiceError(" ".join(problems))
    exists = session.execute(select(User.id).where(User.username == username)).first()
    if exists:
        raise ServiceError(_("The user name {name} is already taken.").format(name=username))
    user = User(username=username, full_name=new.full_name.strip(),
                credential=new.credential.strip(), roles=format_roles(new.roles), active=True,
                must_change_password=True, created_at=_now())
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id,
                 {"username": username, "roles": user.roles})
    vault.set_password(username, new.password)
    return user


def add(session: Session, actor: Actor, vault: Vault, new: NewUser) -> UserView:
    """Add a user (see :func:`add_user`), for the faces: the new user as a view."""
    return _view(add_user(session, actor, vault, new))


def update_user(session: Session, actor: Actor, username: str, *, full_name: str | None = None,
                credential: str | None = None, roles: frozenset[Role] | None = None) -> User:
    actor.require(Permission.MANAGE_USERS)
    user = get_user(session, username)
    changed: list[str] = []
    if full_name is not None and full_name.strip() != user.full_name:
        if not full_name.strip():
            raise ServiceError(_("Please enter the person's full name."))
        user.full_name = full_name.strip()
        changed.append("full_name")
    if credential is not None and credential.strip() != user.credential:
        user.credential = credential.strip()
        changed.append("credential")
    if roles is not None and format_roles(roles) != user.roles:
        if not roles:
            raise ServiceError(_("Please give the user at least one role."))
        if Role.ADMINISTRATOR not in roles:
            _ensure_other_admin(session, user)
        user.roles = format_roles(roles)
        changed.append("roles")
    if changed:
        audit.record(session, actor, "user.update", "user", user.id, {"changed": changed})
    return user


def update(session: Session, actor: Actor, username: str, *, full_name: str | None = None,
           credential: str | None = None, roles: frozenset[Role] | None = None) -> UserView:
    """Change a user's name, credential or roles (see :func:`update_user`), as a view."""
    return _view(update_user(session, actor, username, full_name=full_name,
                             credential=credential, roles=roles))


def _ensure_other_admin(session: Session, user: User) -> None:
    if Role.ADMINISTRATOR not in parse_roles(user.roles) or not user.active:
        return
    others = [
        u for u in session.execute(select(User).where(User.active.is_(True))).scalars()
        if u.id != user.id and Role.ADMINISTRATOR in parse_roles(u.roles)
    ]
    if not others:
        raise ServiceError(
            _("{name} is the only active administrator. Make someone else an administrator "
              "first.").format(name=user.full_name)
        )


def reset_password(session: Session, actor: Actor, vault: Vault, username: str,
                   new_password: str) -> None:
    """Administrator sets a temporary password; the user must change it at next sign-in."""
    actor.require(Permission.MANAGE_USERS)
    user = get_user(session, username)
    if not user.active:
        raise ServiceError(_("Reactivate {name} before resetting the password.").format(
            name=user.full_name))
    _check_password(session, new_password)
    user.must_change_password = user.id != actor.id
    audit.record(session, actor, "user.password_reset", "user", user.id)
    vault.set_password(user.username, new_password)


def change_own_password(session: Session, actor: Actor, vault: Vault, current: str,
                        new_password: str) -> None:
    if actor.id is None:
        raise ServiceError(_("Sign in as a user to change a password."))
    if not vault.check_password(actor.username, current):
        raise WrongCredentials()
    if new_password == current:
        raise ServiceError(_("The new password must be different from the current one."))
    _check_password(session, new_password)
    user = get_user(session, actor.username)
    user.must_change_password = False
    audit.record(session, actor, "user.password_change", "user", user.id)
    vault.set_password(user.username, new_password)


def try_change_own_password(session: Session, actor: Actor, vault: Vault, current: str,
                            new_password: str) -> bool:
    """:func:`change_own_password` for the faces: false (and nothing changed) when the
    current password is not right, so the screen can ask for it again."""
    try:
        change_own_password(session, actor, vault, current, new_password)
    except WrongCredentials:
        return False
    return True


def deactivate_user(session: Session, actor: Actor, vault: Vault, username: str) -> User:
    """The user's key slots are wiped: their password no longer opens the file."""
    actor.require(Permission.MANAGE_USERS)
    user = get_user(session, username)
    if not user.active:
        return user
    if user.id == actor.id:
        raise ServiceError(_("You cannot deactivate your own account."))
    _ensure_other_admin(session, user)
    user.active = False
    user.deactivated_at = _now()
    audit.record(session, actor, "user.deactivate", "user", user.id)
    session.flush()
    vault.remove_user(user.username)
    return user


def reactivate_user(session: Session, actor: Actor, vault: Vault, username: str,
                    new_password: str) -> User:
    actor.require(Permission.MANAGE_USERS)
    user = get_user(session, username)
    if user.active:
        return user
    _check_password(session, new_password)
    user.active = True
    user.deactivated_at = None
    user.must_change_password = True
    audit.record(session, actor, "user.reactivate", "user", user.id)
    vault.set_password(user.username, new_password)
    return user


def deactivate(session: Session, actor: Actor, vault: Vault, username: str) -> UserView:
    """Deactivate a user (see :func:`deactivate_user`), for the faces: as a view."""
    return _view(deactivate_user(session, actor, vault, username))


def reactivate(session: Session, actor: Actor, vault: Vault, username: str,
               new_password: str) -> UserView:
    """Reactivate a user (see :func:`reactivate_user`), for the faces: as a view."""
    return _view(reactivate_user(session, actor, vault, username, new_password))
