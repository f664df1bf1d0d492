import type { Placement } from './settings';

/**
 * Inside the shadow root. The page's own rules can still reach the host element (a theme's
 * `* { font-family }`), and win over :host, so :host insists (!important) and the widget's font and
 * colours are set on its own wrapper, never inherited from the host. The launcher's corner and offsets
 * are the page's (data attributes). Up to 480 px wide the open panel is the whole screen, its header
 * and composer clear the notch and the home indicator (env(safe-area-inset-*), with viewport-fit=cover).
 */
export function styles(p: Placement): string {
  const [side, other] = p.side === 'left' ? ['left', 'right'] : ['right', 'left'];
  return `
:host{all:initial!important;position:fixed!important;${side}:${p.x}px!important;${other}:auto!important;bottom:${p.y}px!important;z-index:2147483000!important;display:block!important}
${base}
.panel{${side}:0;width:min(370px,calc(100vw - ${p.x + 20}px));height:min(540px,calc(100vh - ${p.y + 90}px))}
@media (max-width:480px){
.panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0;box-shadow:none}
.panel:not([hidden])+.launcher{display:none}
header{padding:calc(8px + env(safe-area-inset-top,0px)) calc(10px + env(safe-area-inset-right,0px)) 8px calc(14px + env(safe-area-inset-left,0px))}
header button.close{min-width:44px;min-height:44px;font-size:18px}
header button.human{min-height:44px}
form{padding-bottom:calc(10px + env(safe-area-inset-bottom,0px))}
textarea{font-size:16px}
}
`;
}

const base = `
form .attach{flex:none;width:42px;padding:0;border-radius:8px;border:1px solid #cfc6c0;background:#fff;color:#5c4d46;display:grid;place-items:center}
.attach svg{width:20px;height:20px}
li .file{display:block;font-weight:600}
.w{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;text-align:left;letter-spacing:normal}
*{box-sizing:border-box;font:inherit;color:inherit;margin:0}
button{cursor:pointer;border:0;background:none}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.launcher{width:56px;height:56px;border-radius:50%;background:#e4572e;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;position:relative;font-size:26px}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#1f2328;color:#fff;font-size:12px;font-weight:700;display:grid;place-items:center;padding:0 5px}
.badge[hidden]{display:none}
.panel{position:absolute;bottom:70px;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}
.panel[hidden],form[hidden]{display:none}
header{background:#a8361a;color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}
header h2{font-size:16px;font-weight:700;flex:1}
header button{color:#fff;font-size:13px;padding:4px 8px;border-radius:6px;background:rgba(255,255,255,.12)}
.status{font-size:12px;padding:4px 14px;background:#fff4e5;color:#8a4b00}
.status:empty{display:none}
ol{list-style:none;padding:12px;overflow-y:auto;flex:1;display:flex;flex-direction:column;gap:8px;background:#faf7f5}
li{max-width:82%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
li.in{align-self:flex-end;background:#b53d1b;color:#fff;border-bottom-right-radius:3px}
li.out,li.welcome{align-self:flex-start;background:#fff;border:1px solid #eadfd8;border-bottom-left-radius:3px}
li.pending{opacity:.65}
li.failed{outline:2px solid #b42318}
time{display:block;font-size:11px;opacity:.75;margin-top:3px}
li.in time{opacity:.9}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.typing{align-self:flex-start;font-style:italic;color:#6b5b53;background:none;border:0;padding:0 4px}
.actions{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px;background:#faf7f5}
.actions button{border:1px solid #e4572e;color:#b53d1b;background:#fff;border-radius:16px;padding:5px 11px;font-size:13px}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #eee;background:#fff}
.suggest{padding:8px 12px;border-top:1px solid #eee;background:#fff}
.suggest[hidden]{display:none}
.suggest-title{font-size:12px;color:#5c4d46;margin-bottom:4px}
.suggest ul{list-style:none;padding:0;display:flex;flex-direction:column;gap:2px}
.suggest li{max-width:none;padding:0;white-space:normal}
.suggest a{display:block;padding:6px 0;color:#0b5394;font-weight:600;text-decoration:underline}
textarea{flex:1;resize:none;border:1px solid #cfc6c0;border-radius:8px;padding:8px;height:42px}
form button,.prechat button{background:#b53d1b;color:#fff;border-radius:8px;padding:0 14px;font-weight:600}
.prechat{padding:14px;display:flex;flex-direction:column;gap:8px;border-top:1px solid #eee}
.prechat input{border:1px solid #cfc6c0;border-radius:8px;padding:8px}
.prechat .row{display:flex;gap:8px}
.prechat .row button{padding:8px 14px}
.prechat .row button.secondary{background:#fff;color:#b53d1b;border:1px solid #e4572e}
`;
