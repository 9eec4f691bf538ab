// Trunk's post-build hook (Trunk.toml): writes the page's Content-Security-Policy into the
// built index.html, with the hash of the one inline script Trunk writes (its wasm loader), so
// the policy needs no 'unsafe-inline' for scripts. Release builds only: `trunk serve` adds
// its own inline reload script in development.
//
// The policy: everything from the page's own origin; WebAssembly compiled from it
// ('wasm-unsafe-eval'); no plugins, no base-URL or form tricks. Style attributes are allowed
// ('unsafe-inline' for style-src-attr only): the picture places its pods and the editor keeps
// its layers scrolled with style attributes, which can set a colour or a position but never
// run script; <style> elements and stylesheets from elsewhere stay refused.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const page = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
const html = readFileSync(page, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length !== 1) {
  console.error(`csp.mjs: expected Trunk's one inline loader script, found ${inline.length}`);
  process.exit(1);
}
const hash = createHash('sha256').update(inline[0]).digest('base64');
export const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`,
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
if (html.includes('http-equiv="Content-Security-Policy"')) process.exit(0);
writeFileSync(page, html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`));
