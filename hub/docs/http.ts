/** Serves the HTML reference under a path prefix, from the pages built once at start. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildReference } from './reference.js';

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  wsdl: 'text/xml; charset=utf-8',
  xsd: 'text/xml; charset=utf-8',
};

export function createDocsHandler(prefix = '/docs'): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { files } = buildReference();
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://placeholder');
    if (pathname === prefix) {
      res.writeHead(301, { location: `${prefix}/` }).end();
      return true;
    }
    if (!pathname.startsWith(`${prefix}/`)) return false;
    const relative = decodeURIComponent(pathname.slice(prefix.length + 1)) || 'index.html';
    const content = files.get(relative);
    if (content === undefined) return false;
    const extension = relative.slice(relative.lastIndexOf('.') + 1);
    res.writeHead(200, { 'content-type': TYPES[extension] ?? 'application/octet-stream', 'content-length': Buffer.byteLength(content) });
    res.end(req.method === 'HEAD' ? undefined : content);
    return true;
  };
}
