/**
 * Self-contained HTML report page: inline CSS, inline SVG charts, no scripts or external assets, so it opens offline
 * from a file or an artifact store.
 */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface ReportSection {
  title: string;
  /** Trusted HTML built by the caller (escape user strings with escapeHtml). */
  html: string;
}

export function htmlPage(title: string, sections: ReportSection[], subtitle = ''): string {
  const body = sections.map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#1f2328;background:#fff}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
.sub{color:#59636e;margin:0 0 16px}table{border-collapse:collapse;margin:8px 0;font-size:.9em}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:right}th{background:#f6f8fa}td.l,th.l{text-align:left}
.warn{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
.bad{background:#ffebe9;border:1px solid #cf222e;padding:8px 12px;border-radius:6px}
.ok{background:#dafbe1;border:1px solid #1a7f37;padding:8px 12px;border-radius:6px}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts>div{flex:0 0 auto}
</style></head><body>
<h1>${escapeHtml(title)}</h1>${subtitle ? `<p class="sub">${escapeHtml(subtitle)}</p>` : ''}
${body}
</body></html>
`;
}
