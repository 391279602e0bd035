/** The org's pages for people (sign-in, sign-out, errors): plain, accessible HTML, no script. */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** Security headers of every page: no framing, no referrer, nothing cached, no script at all. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // No form-action: after the sign-in form, the redirects lead to the app's loopback redirect URI,
  // which Chromium would check against it.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
};

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.5}'
  + 'label{display:block;margin-top:1rem}input{display:block;width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}'
  + 'button{margin-top:1.5rem;padding:.5rem 1.5rem;font-size:1rem}[role=alert]{color:#a00;font-weight:600}small{color:#555}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface SignInPageModel {
  /** Where the form posts (the interaction's own path). */
  action: string;
  /** The app asking, by name. */
  appName: string;
  /** Prefilled username (`login_hint`, or the last attempt). */
  username: string;
  /** The app asked for a fresh sign-in (`max_age` passed, or `prompt=login`). */
  stepUp: boolean;
  /** The previous attempt failed. */
  failed: boolean;
  /** Sign-ins a person trying the sandbox can use. */
  agents: ReadonlyArray<{ login: string; role: string }>;
  password: string;
}

export function signInPage(model: SignInPageModel): string {
  const stepUp = model.stepUp ? '<p>For your security, sign in again to continue.</p>' : '';
  const failed = model.failed ? '<p role="alert">Unable to sign in</p>' : '';
  const agents = model.agents.map((agent) => `<li>${escapeHtml(agent.login)} (${escapeHtml(agent.role)})</li>`).join('');
  return page(
    'Sign in - sandbox org',
    `<h1>Sign in</h1><p>${escapeHtml(model.appName)} asks you to sign in to the sandbox org.</p>${stepUp}${failed}`
      + `<form method="post" action="${escapeHtml(model.action)}">`
      + `<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" required value="${escapeHtml(model.username)}">`
      + `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>`
      + '<button type="submit">Sign in</button></form>'
      + `<p><small>Sandbox agents (password ${escapeHtml(model.password)}):</small></p><ul><small>${agents}</small></ul>`,
  );
}

/** oidc-provider's sign-out confirmation, around the form it builds (with its anti-forgery field). */
export function signOutPage(providerForm: string): string {
  return page('Sign out - sandbox org', `<h1>Sign out</h1><p>Sign out of the sandbox org?</p>${providerForm}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
}

export function errorPage(error: string, description: string | undefined): string {
  return page('400 Bad Request', `<h1>400 Bad Request</h1><p>${escapeHtml(description ?? error)}</p><p><small>${escapeHtml(error)}</small></p>`);
}
