// The bundle's entry: starts the booth in the page the board serves at /e/{id}/vote
// (crates/board/src/server/web/booth.rs), and offers the library to the bench.
import { Booth } from './app.js';
import { bench } from './bench.js';

const root = document.getElementById('booth');
if (root) {
  const params = new URLSearchParams(window.location.search);
  const booth = new Booth(root, {
    electionId: root.dataset.election,
    kiosk: params.get('kiosk') === '1',
    boardKey: params.get('key'),
  });
  if (params.get('lang') === 'en') booth.lang = 'en';
  booth.start();
}

globalThis.zhixuanBooth = { bench };
