/**
 * The built-in IdP's HTML: small server-rendered pages with no external assets and no script, so they work
 * under a strict Content-Security-Policy. Every interpolated value goes through escapeHtml.
 */

/**
 * Headers for every IdP HTML page: no framing (clickjacking), no caching, no script, and no referrer to other
 * origins. `same-origin` rather than `no-referrer`: under no-referrer, browsers send `Origin: null` with the
 * login form's POST, and the login route checks that header.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
};

const STYLE = 'body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}'
  + 'main{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0003}'
  + 'h1{font-size:1.3rem;font-weight:600}label{display:block;margin:.8rem 0 .2rem}'
  + 'input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}'
  + 'button{margin-top:1rem;width:100%;padding:.6rem;font-size:1rem;background:#2156d1;color:#fff;border:0;border-radius:4px}'
  + '.error{color:#b00020}.muted{color:#555;font-size:.9rem}code{font-size:1.4rem}';

/** Text made safe for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A whole page around `body` (already HTML). */
export function renderPage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>`
    + `<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The sign-in form: POSTs `username` and `password` to `action`. */
export function loginPage(opts: { action: string; clientName: string; username?: string; message?: string }): string {
  const message = opts.message ? `<p class="error" role="alert">${escapeHtml(opts.message)}</p>` : '';
  return renderPage('Sign in to Keyflow', `<h1>Sign in to Keyflow</h1>`
    + `<p class="muted">to continue to ${escapeHtml(opts.clientName)}</p>${message}`
    + `<form method="post" action="${escapeHtml(opts.action)}" autocomplete="on">`
    + `<label for="username">Username</label>`
    + `<input type="text" id="username" name="username" value="${escapeHtml(opts.username ?? '')}" autocomplete="username" autofocus required>`
    + `<label for="password">Password</label>`
    + `<input type="password" id="password" name="password" autocomplete="current-password" required>`
    + `<button type="submit">Sign in</button></form>`);
}

/** A page that says what went wrong and what to do, without internals. */
export function messagePage(title: string, message: string): string {
  return renderPage(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/** Device flow: the page where the user types the code shown by `keyflow login --device`. */
export function deviceCodeInputPage(form: string, error?: string): string {
  const message = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '<p>Enter the code shown by the Keyflow CLI.</p>';
  return renderPage('Sign in a device', `<h1>Sign in a device</h1>${message}${form}`
    + '<button type="submit" form="op.deviceInputForm">Continue</button>');
}

/** Device flow: confirm that the code matches the one on the device. */
export function deviceConfirmPage(form: string, clientName: string, userCode: string): string {
  return renderPage('Confirm device', `<h1>Confirm device</h1><p>${escapeHtml(clientName)} shows this code:</p>`
    + `<p><code>${escapeHtml(userCode)}</code></p>`
    + '<p class="muted">Continue only if the code matches and you started this sign-in.</p>'
    + `${form}<button type="submit" form="op.deviceConfirmForm">Continue</button>`);
}
