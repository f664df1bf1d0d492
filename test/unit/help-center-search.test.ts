import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildSearchIndex, indexOptions, queryOptions, type SearchDocument } from '#helpcenter/search-index';
import { searchTerms, stemTurkish, tokenize } from '#helpcenter/search-text';

describe('Turkish-aware search terms', () => {
  it('suffixed forms of a word meet at one stem', () => {
    for (const w of ['kargo', 'kargom', 'kargonun', 'kargoya', 'kargomu', 'kargolarım', 'kargodan', 'KARGOMUN'])
      expect(searchTerms(w, 'tr')).toEqual(['kargo']);
    for (const w of ['sipariş', 'siparişim', 'siparisimi', 'siparişlerimden', 'siparişin']) expect(searchTerms(w, 'tr')).toEqual(['siparis']);
    expect(searchTerms('ücreti', 'tr')).toEqual(searchTerms('ucret', 'tr'));
    expect(searchTerms('iadem', 'tr')).toEqual(searchTerms('iade', 'tr'));
  });

  it('Turkish letters fold to plain Latin, and İ/I lower-case the Turkish way', () => {
    expect(searchTerms('KARGO ÜCRETİ', 'tr')).toEqual(searchTerms('kargo ucreti', 'tr'));
    expect(searchTerms('ŞİKAYET IĞDIR çöp', 'tr')).toEqual(searchTerms('sikayet igdir cop', 'tr'));
    expect(searchTerms('Çağrı', 'tr')).toEqual(['cagr']);
  });

  it('a suffix after an apostrophe is dropped with it; stop words are not terms; question words are', () => {
    expect(tokenize("Demo Mağaza'nın 100001'in", 'tr')).toEqual(['Demo', 'Mağaza', '100001']);
    expect(searchTerms('ve bu kargom nerede', 'tr')).toEqual(['kargo', 'ner']);
  });

  it('a short word keeps its letters (no stem under three)', () => {
    expect(stemTurkish('kar')).toBe('kar');
    expect(stemTurkish('ana')).toBe('ana');
  });

  it('English gets a light stemmer: plurals and -ing/-ed', () => {
    expect(searchTerms("Tracking my refunds, it's delivered", 'en')).toEqual(['track', 'refund', 'deliver']);
    expect(searchTerms('deliveries', 'en')).toEqual(['delivery']);
    expect(searchTerms('shipping shiping shipped', 'en')).toEqual(['ship', 'ship', 'ship']);
    expect(searchTerms('called', 'en')).toEqual(['call']);
  });
});

const docs: SearchDocument[] = [
  {
    id: 'track-order',
    title: 'Kargom nerede? Siparişimi nasıl takip ederim?',
    category: 'Kargo ve teslimat',
    tags: 'kargo takip',
    text: 'Siparişiniz kargoya verildiğinde takip numaranız gönderilir.',
    path: 'tr/kargo-takibi/',
    excerpt: '',
  },
  {
    id: 'shipping-cost',
    title: 'Kargo ücreti ne kadar?',
    category: 'Kargo ve teslimat',
    tags: 'ücret',
    text: 'Kargo ücreti sepet tutarına göre hesaplanır; belli tutarın üzerinde gönderim ücretsizdir.',
    path: 'tr/kargo-ucreti/',
    excerpt: '',
  },
  {
    id: 'returns',
    title: 'Ürünü nasıl iade ederim?',
    category: 'İade ve değişim',
    tags: 'iade',
    text: 'Ürünü 14 gün içinde iade edebilirsiniz.',
    path: 'tr/iade/',
    excerpt: '',
  },
];
const index = MiniSearch.loadJSON<SearchDocument>(buildSearchIndex('tr', docs), indexOptions('tr'));
const top = (q: string) => index.search(q, queryOptions())[0]?.id;

describe('the prebuilt search index, queried as the browser queries it', () => {
  it.each(['kargom nerede', 'KARGOM NEREDE', 'kargonun takibi', 'kargom nerde'])('"%s" finds the tracking article first', (q) =>
    expect(top(q)).toBe('track-order'),
  );
  it.each(['kargo ücreti', 'kargo ucreti', 'KARGO ÜCRETİ', 'kargo ucretı'])('"%s" finds the shipping cost article first', (q) =>
    expect(top(q)).toBe('shipping-cost'),
  );
  it('a typo and a half-typed last word still find the article', () => {
    expect(top('iadee')).toBe('returns');
    expect(top('kargo ücr')).toBe('shipping-cost');
  });
  it('a query about nothing in the articles finds nothing', () => expect(index.search('zürafa', queryOptions())).toEqual([]));
});
