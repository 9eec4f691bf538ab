// A small static file server for dist/: the right MIME type for .wasm (so the browser can
// compile it while it streams), no caching, loopback only. Port 0 picks a free port.
// Usage: node e2e/static_server.js DIR [PORT] [/PREFIX/=DIR ...]   — prints the base URL once
// listening. Each /PREFIX/=DIR serves another folder below that path (the app under a
// subpath, a host page for embeds), as a static host would.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 0);
/** [prefix, folder], longest prefix first; '/' serves DIR. */
const mounts = [
  ...process.argv.slice(4).map((mount) => {
    const [prefix, folder] = mount.split('=');
    return [prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(folder)];
  }),
  ['/', root],
].sort((a, b) => b[0].length - a[0].length);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.yaml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const server = createServer(async (request, response) => {
  const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  // A folder without its trailing slash is redirected, as static hosts do, so that the
  // page's relative URLs resolve inside it.
  const bare = mounts.find(([prefix]) => prefix.length > 1 && `${pathname}/` === prefix);
  if (bare) {
    response.writeHead(301, { location: bare[0] }).end();
    return;
  }
  const [prefix, base] = mounts.find(([prefix]) => pathname.startsWith(prefix));
  let file = normalize(join(base, pathname.slice(prefix.length - 1)));
  if (file !== base && !file.startsWith(base + sep)) {
    response.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    await stat(file);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(response);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
