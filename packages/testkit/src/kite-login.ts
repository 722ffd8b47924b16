function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * What a browser does on Kite's (or kite-sim's) login page: open it, submit its form with any
 * password, and stop at the redirect, whose query carries `request_token` and `status`.
 */
export async function logInThroughKitePage(loginUrl: string): Promise<URL> {
  const page = await fetch(loginUrl);
  if (page.status !== 200) throw new Error(`login page answered HTTP ${page.status}`);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error('login page has no form');
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) fields.append(name, unescapeHtml(value));
  }
  fields.set('password', 'anything');
  const submitted = await fetch(new URL(action, loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || location === null) {
    throw new Error(`login form answered HTTP ${submitted.status} without a redirect`);
  }
  return new URL(location);
}
