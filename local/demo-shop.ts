const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const products = [
  ['Pamuklu Tişört', '249,90', '#f4a261'],
  ['Kot Ceket', '899,00', '#2a9d8f'],
  ['Deri Sneaker', '1.299,00', '#264653'],
  ['Keten Gömlek', '549,50', '#e9c46a'],
  ['Sırt Çantası', '699,00', '#e76f51'],
  ['Yün Bere', '179,90', '#8ab17d'],
] as const;

/**
 * A Turkish e-commerce page to try the widget on. Its own CSS is deliberately heavy-handed (global
 * button, list and font rules), as shop themes are: the widget must look the same regardless.
 */
export function demoShopPage(o: { apiUrl: string; widgetUrl: string; helpUrl?: string; customerRef?: string; login?: string; locale?: string }): string {
  return `<!doctype html>
<html lang="${o.locale === 'en' ? 'en' : 'tr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Demo Mağaza — Yeni sezon</title>
<style>
  * { font-family: Georgia, 'Times New Roman', serif; }
  body { margin: 0; background: #f6f3ee; color: #3b2f2f; letter-spacing: .02em; }
  header.shop { background: #7a1f2b; color: #fff; padding: 14px 32px; display: flex; align-items: center; gap: 24px; }
  header.shop h1 { font-size: 26px; margin: 0; }
  nav a { color: #ffd9a0; margin-right: 16px; text-decoration: none; }
  .banner { background: linear-gradient(90deg,#f2c14e,#f78154); padding: 28px 32px; font-size: 22px; }
  main { padding: 24px 32px; display: grid; grid-template-columns: repeat(auto-fill,minmax(200px,1fr)); gap: 20px; }
  .card { background: #fff; border-radius: 4px; padding: 14px; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
  .card .img { height: 140px; border-radius: 2px; }
  .price { font-weight: bold; color: #7a1f2b; font-size: 18px; }
  button { background: #222 !important; color: #ff0 !important; border-radius: 0; font-size: 18px; padding: 10px; text-transform: uppercase; }
  li { list-style: square; color: #0a0; font-size: 20px; }
  ol, ul { padding-left: 40px; }
  footer { padding: 20px 32px; color: #777; font-size: 13px; }
  footer button.help { font-size: 14px; padding: 8px 12px; margin: 0 0 12px; }
  /* A phone: the header wraps, the margins shrink; nothing is wider than the screen. */
  @media (max-width: 480px) {
    header.shop { flex-wrap: wrap; gap: 8px 16px; padding: 12px 16px; }
    header.shop h1 { font-size: 22px; }
    header.shop span { margin-left: 0 !important; overflow-wrap: anywhere; }
    nav a { margin-right: 12px; }
    .banner { padding: 18px 16px; font-size: 18px; }
    main { padding: 16px; grid-template-columns: repeat(auto-fill,minmax(150px,1fr)); gap: 12px; }
    footer { padding: 16px; }
    ol, ul { padding-left: 20px; }
  }
</style>
<script>
  // The widget's loader snippet (README, "The widget's JavaScript API"): calls made before widget.js runs are queued.
  window.Destek = window.Destek || { q: [] };
  ['open', 'close', 'setLocale', 'setCustomer', 'reset', 'on', 'off'].forEach(function (m) {
    Destek[m] = Destek[m] || function () { Destek.q.push([m, [].slice.call(arguments)]); };
  });
</script>
</head>
<body>
<header class="shop"><h1>Demo Mağaza</h1><nav><a href="#">Kadın</a><a href="#">Erkek</a><a href="#">Çocuk</a><a href="#">İndirim</a></nav>
<span style="margin-left:auto">${o.login ? `Hoş geldiniz, ${escape(o.login)}` : '<a href="/?login=ayse.yilmaz@example.com" style="color:#fff">Giriş yap</a>'}</span></header>
<div class="banner">Yeni sezonda %30'a varan indirim — 500 TL üzeri kargo bedava!</div>
<main>
${products.map(([name, price, color]) => `  <div class="card"><div class="img" style="background:${color}"></div><h3>${name}</h3><p class="price">${price} TL</p><button type="button">Sepete ekle</button></div>`).join('\n')}
</main>
<footer><button type="button" class="help" id="help">${o.locale === 'en' ? 'Write to us' : 'Bize yazın'}</button><ul><li>Siparişlerinizi 100001–100012 numaralarıyla deneyebilirsiniz (ör. "kargom nerede 100001").</li></ul>© Demo Mağaza</footer>
<script src="${escape(o.widgetUrl)}" data-destek-url="${escape(o.apiUrl)}"${o.helpUrl ? ` data-help-url="${escape(o.helpUrl)}"` : ''}${o.customerRef ? ` data-customer-ref="${escape(o.customerRef)}"` : ''}${o.locale ? ` data-locale="${escape(o.locale)}"` : ''} async></script>
<script>document.getElementById('help').addEventListener('click', function () { Destek.open(); });</script>
</body>
</html>
`;
}
