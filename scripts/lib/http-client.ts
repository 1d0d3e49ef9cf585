// A tiny browser stand-in over fetch for tests and benchmarks against real server processes: keeps
// cookies (which may be handed to another process's client) and sends forms with the page's CSRF token.

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/** The one-time token (hidden `_once`) of the form in `html` that posts to `action`, if it has one. */
export function onceTokenIn(html: string, action: string): string | undefined {
  for (const form of html.split('<form').slice(1)) {
    const body = form.split('</form>')[0];
    if (!body.includes(`action="${action}"`)) continue;
    const match = /name="_once" value="([^"]+)"/.exec(body);
    if (match) return match[1];
  }
  return undefined;
}

/** The form fields a page hands on with every form: its CSRF token and, where the form has one, its one-time token. */
export function formTokensIn(html: string, action: string): [string, string][] {
  const once = onceTokenIn(html, action);
  return [['_csrf', csrfTokenIn(html)], ...(once ? ([['_once', once]] as [string, string][]) : [])];
}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    readonly cookies: Map<string, string> = new Map(),
  ) {}

  /** The same cookies, talking to another server. */
  on(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.cookies);
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.baseUrl + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.remember(res);
    return res;
  }

  /** GETs `page` for its token, then posts `fields` (URL-encoded, nested names as given) to `action`. */
  async submit(page: string, fields: [string, string][], action = page): Promise<Response> {
    const html = await (await this.get(page)).text();
    const body = new URLSearchParams([...formTokensIn(html, action), ...fields]);
    const res = await fetch(this.baseUrl + action, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    this.remember(res);
    return res;
  }
}
