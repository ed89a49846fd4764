/**
 * The proxy for a destination, from the standard variables: `HTTPS_PROXY` for https URLs,
 * `HTTP_PROXY` for http ones (either case), unless `NO_PROXY` lists the host (`*`, a name that
 * matches it or a parent domain — `example.com` and `.example.com` alike — with an optional port).
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const raw =
    target.protocol === 'https:'
      ? (env['HTTPS_PROXY'] ?? env['https_proxy'])
      : (env['HTTP_PROXY'] ?? env['http_proxy']);
  if (!raw || bypassed(target, env['NO_PROXY'] ?? env['no_proxy'] ?? '')) return undefined;
  try {
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
      const name = m[1]!.replace(/^\*?\./, '');
      if (m[2] !== undefined && m[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** `Proxy-Authorization` from the proxy URL's user info, if any. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}
