/**
 * A database URL fit for an error message: user name, host, port and database are kept, the password and
 * every query parameter are dropped (sslpassword, sslkey paths and the like can travel there).
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo an unparseable URL: it may still hold a password.
    return '<unparseable database URL>';
  }
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

/** `message` with the URL's password replaced, in case a driver echoed it. */
export function scrubPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return message;
  }
  return password ? message.split(password).join('***') : message;
}
