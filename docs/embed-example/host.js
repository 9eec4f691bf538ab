// The example host page's side of KubeStep's embed protocol (docs/embedding.md): it loads two
// players, sizes each iframe to the height it reports, sends one its manifest once it is
// ready, forwards the buttons as messages, and logs what the players say.
const player = new URLSearchParams(location.search).get('player') ?? '../';
const playerOrigin = new URL(player, location.href).origin;

/** UTF-8 text as unpadded base64url, the form of the player's `#yaml=` fragment. */
function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const manifest = (id) => document.getElementById(id).textContent.replace(/^\n/, '');
const frames = {
  first: document.getElementById('first'),
  second: document.getElementById('second'),
};
frames.first.src = `${player}${frames.first.dataset.query}#yaml=${base64url(manifest('first-manifest'))}&step=1`;
frames.second.src = `${player}${frames.second.dataset.query}`;

/** Everything the players posted, for the page's log and for tests. */
window.kubestepMessages = [];
const log = document.getElementById('log');

window.addEventListener('message', (event) => {
  if (event.origin !== playerOrigin) return;
  const [name] = Object.entries(frames).find(([, frame]) => frame.contentWindow === event.source) ?? [];
  const data = event.data;
  if (!name || typeof data?.type !== 'string' || !data.type.startsWith('kubestep:')) return;
  window.kubestepMessages.push({ from: name, ...data });
  log.textContent += `${name}: ${JSON.stringify(data)}\n`;
  if (data.type === 'kubestep:height') frames[name].style.height = `${data.height}px`;
  if (data.type === 'kubestep:ready' && name === 'second') {
    send('second', { type: 'kubestep:setManifest', yaml: manifest('second-manifest') });
  }
});

function send(name, message) {
  frames[name].contentWindow.postMessage(message, playerOrigin);
}

for (const button of document.querySelectorAll('button[data-player]')) {
  button.addEventListener('click', () => {
    const message = button.dataset.goto
      ? { type: 'kubestep:goto', step: Number(button.dataset.goto) }
      : { type: `kubestep:${button.dataset.message}` };
    send(button.dataset.player, message);
  });
}
