import { connect } from 'node:net';

/**
 * Raw HTTP/1.1 over a socket, byte for byte: `inject()` and fetch normalise the request target, which is exactly what
 * the security tests must not let happen (percent-encoding, absolute-form, dot segments reach the server as sent).
 */
export interface RawResponse {
  /** 0 when the server closed without a status line; -1 on timeout (a hang). */
  status: number;
  head: string;
  body: string;
  ms: number;
}

export function rawRequest(port: number, requestLine: string, headers: Record<string, string>, body = '', timeoutMs = 10_000): Promise<RawResponse> {
  const t0 = performance.now();
  const lines = [requestLine, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body.length > 0 || /^(POST|PUT|PATCH|DELETE) /.test(requestLine)) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const text = `${lines.join('\r\n')}\r\n\r\n${body}`;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = connect(port, '127.0.0.1');
    let settled = false;
    const finish = (status?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const head = split < 0 ? raw : raw.slice(0, split);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: status ?? (m ? Number(m[1]) : 0), head, body: split < 0 ? '' : raw.slice(split + 4), ms: performance.now() - t0 });
    };
    const timer = setTimeout(() => finish(-1), timeoutMs);
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => finish());
    sock.on('close', () => finish());
    sock.on('error', () => finish());
    sock.write(text);
  });
}

/**
 * Every spelling of `path` a router or proxy might treat as the same route while a text match would not:
 * percent-encoded letters and slashes, absolute-form request targets, doubled slashes, dot segments (plain and
 * encoded), case variants, trailing slash, query and matrix suffixes.
 */
export function pathVariants(path: string, port: number): { name: string; target: string }[] {
  const segs = path.split('/').slice(1);
  const first = segs[0]!;
  const rest = segs.slice(1).join('/');
  const enc = (s: string): string => [...s].map((c) => (/[A-Za-z]/.test(c) ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('');
  const encUpper = (s: string): string => enc(s).toUpperCase();
  return [
    { name: 'canonical', target: path },
    { name: 'pct-first-char', target: `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}/${rest}` },
    { name: 'pct-first-segment', target: `/${enc(first)}/${rest}` },
    { name: 'pct-upper-hex', target: `/${encUpper(first)}/${rest}` },
    { name: 'pct-every-segment', target: `/${segs.map(enc).join('/')}` },
    { name: 'pct-slashes', target: `/${segs.join('%2F')}` },
    { name: 'pct-slashes-lower', target: `/${segs.join('%2f')}` },
    { name: 'absolute-form', target: `http://127.0.0.1:${port}${path}` },
    { name: 'absolute-form-other-host', target: `http://evil.example${path}` },
    { name: 'absolute-form-encoded', target: `http://127.0.0.1:${port}/${enc(first)}/${rest}` },
    { name: 'double-slash-lead', target: `/${path}` },
    { name: 'double-slash-mid', target: `/${first}//${rest}` },
    { name: 'dot-segment', target: `/x/../${first}/${rest}` },
    { name: 'dot-self', target: `/./${first}/${rest}` },
    { name: 'dot-encoded', target: `/x/%2e%2e/${first}/${rest}` },
    { name: 'dot-encoded-slash', target: `/x%2F..%2F${first}/${rest}` },
    { name: 'case-upper', target: `/${first.toUpperCase()}/${rest}` },
    { name: 'case-title', target: `/${first[0]!.toUpperCase()}${first.slice(1)}/${rest}` },
    { name: 'case-whole', target: path.toUpperCase() },
    { name: 'trailing-slash', target: `${path}/` },
    { name: 'query', target: `${path}?a=1` },
    { name: 'empty-query', target: `${path}?` },
    { name: 'matrix', target: `${path};x=1` },
    { name: 'pct-null', target: `${path}%00` },
    { name: 'backslash', target: `\\${first}\\${rest}` },
  ];
}
