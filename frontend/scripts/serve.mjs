// `npm start`: serves the `ng build` output (dist/frontend/browser) with the app's routes falling back to index.html,
// and passes /api/ through to the query service, so the browser sees one origin as in production.
//   HOST (127.0.0.1), PORT (4200), API_ORIGIN (http://127.0.0.1:3000)
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'frontend', 'browser');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4200);
const api = new URL(process.env.API_ORIGIN ?? 'http://127.0.0.1:3000');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

function proxy(req, res) {
  const upstream = http.request(
    { host: api.hostname, port: api.port || 80, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      // Piped as it comes: the event stream must not be buffered.
      answer.pipe(res);
      // An upstream that dies mid-answer must drop the browser's connection too, or a live stream would hang
      // open and never reconnect.
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'The API is not reachable.',
      }),
    );
  });
  req.pipe(upstream);
  res.on('close', () => upstream.destroy());
}

function file(pathname) {
  const candidate = path.join(
    root,
    path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, ''),
  );
  if (!candidate.startsWith(root)) return null;
  try {
    return statSync(candidate).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://x');
  if (pathname.startsWith('/api/')) return proxy(req, res);
  const found = file(pathname);
  // A deep link such as /vehicles/ABC is a client route: answer with the app. A missing asset is a 404.
  const target = found ?? (path.extname(pathname) ? null : path.join(root, 'index.html'));
  if (!target) {
    res.writeHead(404).end();
    return;
  }
  const hashed = /-[A-Z0-9]{8}\.(js|css)$/.test(target);
  res.writeHead(200, {
    'content-type': types[path.extname(target)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(target).pipe(res);
});

server.listen(port, host, () => {
  console.log(`dashboard on http://${host}:${port}/ (API: ${api.origin})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
