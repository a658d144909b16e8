"""Sign-in for a class (课堂登录): one-time codes on paper, then the trainee's own password.

:class:`ClassCodeAuthenticator` checks names against the class's account store
(:mod:`course_hub.accounts`), not against the machine's passwords:

- first sign-in: account name + the one-time code from the slip + a new
  password typed twice; the code is used up and the password stored (hashed);
- afterwards: account name + password;
- instructors (``role: instructor`` in the store, or listed in the class
  settings) become hub admins;
- ten wrong tries for one account within 15 minutes lock it for 15 minutes;
- messages are in the class's language (the trainee's own once the name is known).

The form is the authenticator's own HTML (JupyterHub renders it with the
login page's context), so no JupyterHub template is replaced. JupyterHub renders
it without autoescaping, so every value from the request is escaped here
(``| e``): a name typed as markup comes back as text.
"""

from __future__ import annotations

import html
import time
from collections import defaultdict, deque

from jupyterhub.auth import Authenticator
from tornado import web
from traitlets import Integer, Unicode, default

from course_hub.accounts import MIN_PASSWORD, AccountStore, normalise_code, verify_secret

FORM = """
<form action="{{{{ authenticator_login_url | e }}}}" method="post" role="form" class="course-login">
  <div class="auth-form-header"><h1>{title}</h1></div>
  <div class="auth-form-body m-auto">
    {{% if login_error %}}<p class="login_error">{{{{ login_error | e }}}}</p>{{% endif %}}
    <input type="hidden" name="_xsrf" value="{{{{ xsrf | e }}}}" />
    <label for="username_input">{username}</label>
    <input id="username_input" type="text" autocapitalize="off" autocorrect="off" autocomplete="username"
           class="form-control" name="username" value="{{{{ (username or '') | e }}}}" autofocus="autofocus" />
    <label for="password_input">{password}</label>
    <input id="password_input" type="password" class="form-control" autocomplete="current-password" name="password" />
    <details {{% if login_error %}}open{{% endif %}} style="margin:1em 0">
      <summary>{first_time}</summary>
      <label for="new_password_input">{new_password}</label>
      <input id="new_password_input" type="password" class="form-control" autocomplete="new-password" name="new_password" />
      <label for="new_password_again_input">{new_password_again}</label>
      <input id="new_password_again_input" type="password" class="form-control" autocomplete="new-password"
             name="new_password_again" />
    </details>
    <input id="login_submit" type="submit" class="btn btn-jupyter form-control" value="{submit}" />
  </div>
</form>
"""


class ClassCodeAuthenticator(Authenticator):
    """Accounts from the class's store: one-time code first, then the trainee's own password."""

    accounts_file = Unicode(
        "/var/lib/course-hub/accounts.json", help="The class's account store."
    ).tag(config=True)
    language = Unicode("zh", help="Language of the sign-in page and its messages (en or zh).").tag(
        config=True
    )
    max_failures = Integer(
        10, help="Wrong tries per account before it is locked for lockout_seconds."
    ).tag(config=True)
    lockout_seconds = Integer(900, help="How long a locked account waits.").tag(config=True)

    @default("any_allow_config")
    def _store_is_the_allow_list(self) -> bool:
        return True  # check_allowed below consults the class's store

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    @property
    def store(self) -> AccountStore:
        return AccountStore(self.accounts_file)

    # ------------------------------------------------------------------ the page
    def get_custom_html(self, base_url: str) -> str:
        from course.i18n import t

        lang = self.language if self.language in ("en", "zh") else "en"

        def text(key: str) -> str:
            # escaped for HTML, and braces doubled: the handler renders this string as a template
            return html.escape(t(key, lang=lang)).replace("{", "&#123;").replace("}", "&#125;")

        return FORM.format(
            title=text("hub.login.title"),
            username=text("hub.login.username"),
            password=text("hub.login.password"),
            first_time=text("hub.login.first_time"),
            new_password=text("hub.login.new_password"),
            new_password_again=text("hub.login.new_password_again"),
            submit=text("hub.login.submit"),
        )

    # ------------------------------------------------------------------ checking
    def _refuse(self, key: str, lang: str, **values) -> web.HTTPError:
        from course.i18n import t

        return web.HTTPError(403, t(key, lang=lang, **values))

    def _locked(self, name: str) -> bool:
        tries = self._failures[name]
        now = time.monotonic()
        while tries and now - tries[0] > self.lockout_seconds:
            tries.popleft()
        return len(tries) >= self.max_failures

    def _failed(self, name: str) -> None:
        self._failures[name].append(time.monotonic())

    async def authenticate(self, handler, data):
        name = self.normalize_username(str(data.get("username", "")))
        secret = str(data.get("password", ""))
        account = self.store.get(name) if name else None
        lang = account.lang if account else self.language
        if name and self._locked(name):
            raise self._refuse("hub.login.locked", lang, minutes=max(1, self.lockout_seconds // 60))
        if account is None or not secret:
            self._failed(name)
            raise self._refuse("hub.login.wrong", lang)
        if account.password_hash and verify_secret(secret, account.password_hash):
            return self._model(account)
        if account.code_hash and verify_secret(normalise_code(secret), account.code_hash):
            if not account.code_valid():
                raise self._refuse("hub.login.expired", lang)
            new = str(data.get("new_password", ""))
            again = str(data.get("new_password_again", ""))
            if not new and not again:
                raise self._refuse("hub.login.choose_password", lang)
            if new != again:
                raise self._refuse("hub.login.mismatch", lang)
            if len(new) < MIN_PASSWORD:
                raise self._refuse("hub.login.too_short", lang, n=MIN_PASSWORD)
            if normalise_code(new) == normalise_code(secret):
                raise self._refuse("hub.login.same_as_code", lang)
            self.store.set_password(name, new)
            self.log.info("%s chose a password; their one-time code is used up", name)
            return self._model(account)
        self._failed(name)
        raise self._refuse("hub.login.wrong", lang)

    def _model(self, account) -> dict:
        self._failures.pop(account.name, None)
        admin = account.is_instructor or account.name in (self.admin_users or set())
        return {"name": account.name, "admin": admin}

    def check_allowed(self, username, authentication=None):
        """Only people in the class's store may use the hub."""
        return self.store.get(username) is not None
