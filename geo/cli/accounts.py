"""``python -m geo user ...``: manage the hosted mode's local accounts (:mod:`geo.accounts.service`).

Passwords are read from standard input (``--password-stdin``, one line) or
typed at a hidden prompt, never given as an argument (it would end up in the
shell history and the process list).

Examples::

    python -m geo user add alice --role admin          # prompts for the password twice
    printf '%s\\n' "$PW" | python -m geo user add bob --role viewer --password-stdin
    python -m geo user list
    python -m geo user set-role bob analyst
    python -m geo user unlock bob
"""

from __future__ import annotations

import argparse
import getpass
import sys

from geo.accounts import ROLES, AccountError, User, open_accounts
from geo.cli.core import UserError, subcommand


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a user (the first one should be an admin)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    _password_option(add)
    actions.add_parser("list", help="list the users with their role and state")
    role = actions.add_parser("set-role", help="change a user's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    for name, summary in (("disable", "disable a user and end their sessions"), ("enable", "enable a user again"),
                          ("unlock", "end a lock-out after failed log-ins")):
        actions.add_parser(name, help=summary).add_argument("username")
    passwd = actions.add_parser("passwd", help="set a user's password (ends their sessions)")
    passwd.add_argument("username")
    _password_option(passwd)


def read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for the password: pipe it in with --password-stdin")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise UserError("the two passwords differ")
    return first


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "cli"


def _describe(user: User) -> str:
    state = "disabled" if user.disabled else ("locked" if user.locked_until else "active")
    return f"{user.username}\t{user.role}\t{state}\tcreated {user.created_at:%Y-%m-%d %H:%M} UTC"


@subcommand("user", "manage the accounts of hosted mode (add, list, set-role, disable, enable, unlock, "
            "passwd)", _configure)
def run_user(args: argparse.Namespace) -> int:
    """Carry out one ``user`` action; account problems end with ``error: ...`` and status 1."""
    try:
        accounts, actor = open_accounts(), _actor()
        match args.user_command:
            case "add":
                user = accounts.add_user(args.username, args.role, read_password(args.password_stdin), actor=actor)
                print(f"created user {user.username} ({user.role})")
            case "list":
                for user in accounts.list_users():
                    print(_describe(user))
            case "set-role":
                user = accounts.set_role(args.username, args.role, actor=actor)
                print(f"{user.username} is now {user.role}")
            case "disable" | "enable":
                user = accounts.set_disabled(args.username, args.user_command == "disable", actor=actor)
                print(f"{user.username} is {'disabled' if user.disabled else 'enabled'}")
            case "unlock":
                print(f"{accounts.unlock(args.username, actor=actor).username} is unlocked")
            case "passwd":
                user = accounts.set_password(args.username, read_password(args.password_stdin), actor=actor)
                print(f"password of {user.username} changed")
    except AccountError as exc:
        raise UserError(str(exc)) from None
    return 0
