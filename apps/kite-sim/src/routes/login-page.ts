function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface LoginPageFields {
  readonly apiKey: string;
  readonly userId: string;
  readonly redirectParams: string | null;
  readonly redirectUrl: string | null;
}

/** A self-contained login form (no external assets: it must work offline). */
export function renderLoginPage(fields: LoginPageFields): string {
  const hidden = (name: string, value: string | null): string =>
    value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Login - kite-sim</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f4f4;display:flex;justify-content:center;padding-top:10vh;margin:0}
form{background:#fff;padding:2rem;border-radius:6px;box-shadow:0 1px 4px #0002;width:18rem}
h1{font-size:1.2rem;margin:0 0 1rem}
label{display:block;margin:.8rem 0 .3rem;font-size:.9rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem}
button{margin-top:1.2rem;width:100%;padding:.6rem;background:#ff5722;color:#fff;border:0;border-radius:4px;font-size:1rem}
p{color:#666;font-size:.8rem}
</style>
</head>
<body>
<form method="post" action="/connect/login" id="login-form">
<h1>Login to Kite (simulator)</h1>
<p>Any password works. The app <strong>${escapeHtml(fields.apiKey)}</strong> receives a request token.</p>
${hidden('api_key', fields.apiKey)}
${hidden('redirect_params', fields.redirectParams)}
${hidden('redirect_url', fields.redirectUrl)}
<label for="user_id">User ID</label>
<input type="text" id="user_id" name="user_id" value="${escapeHtml(fields.userId)}" autocomplete="username">
<label for="password">Password</label>
<input type="password" id="password" name="password" value="" autocomplete="current-password">
<button type="submit">Login</button>
</form>
</body>
</html>
`;
}
