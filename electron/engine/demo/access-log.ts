/**
 * Access logs of the demo domain in XServer's format (HOSTING-AND-APIS.md §1.5): combined log
 * format with the virtual host first —
 * `vhost ip - - [dd/Mon/yyyy:HH:MM:SS +0900] "METHOD URI HTTP/1.1" status bytes "referer" "agent"`,
 * one file per day (JST), named `<domain>.access_log_YYYYMMDD`.
 *
 * The story the logs tell matches the artefacts: ordinary visitors and crawlers all along; a
 * password-guessing run on wp-login.php and xmlrpc.php from abroad; then an upload through the
 * vulnerable contact form's Ajax handler, the uploader shell, and many POSTs to the `l.php` dropper
 * from several foreign addresses until the host disabled it (403). After the .htaccess redirect was
 * planted, visitors arriving from search engines get a 302. Addresses are from the documentation
 * ranges (RFC 5737), so no real network is named.
 */

export type AccessLogDay = { readonly ymd: string; readonly lines: readonly string[] };

export type AccessLogOptions = {
  readonly domain: string;
  /** The demo's "now"; the incident is placed relative to it. */
  readonly now: Date;
  /** Days of logs, ending today. */
  readonly days: number;
  readonly seed: number;
};

const JST_OFFSET_MS = 9 * 3600 * 1000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 15; SO-51E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36',
];
const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
];
const ATTACK_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'python-requests/2.31.0',
];
const PAGES = [
  '/',
  '/',
  '/',
  '/?p=12',
  '/?p=27',
  '/?page_id=2',
  '/?page_id=41',
  '/?cat=3',
  '/?p=35',
  '/?s=%E5%96%B6%E6%A5%AD%E6%99%82%E9%96%93',
];
const ASSETS = [
  '/wp-content/themes/twentytwentyone/style.css?ver=1.7',
  '/wp-content/themes/twentytwentyone/assets/js/responsive-embeds.js?ver=1.7',
  '/wp-includes/css/dist/block-library/style.min.css?ver=6.1.9',
  '/wp-content/plugins/contact-form-lite/assets/css/cfl.css?ver=2.3.0',
  '/wp-content/uploads/2026/10/shop-front.png',
];

/** Small deterministic PRNG (mulberry32) so a given seed always gives the same logs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Hit = { t: number; line: string };

/** Generates the demo domain's access logs, one entry per JST day, oldest first. */
export function generateAccessLogs(o: AccessLogOptions): AccessLogDay[] {
  const rnd = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const nowMs = o.now.getTime();
  const hour = 3600 * 1000;
  // First JST midnight of the window.
  const todayJst = Math.floor((nowMs + JST_OFFSET_MS) / (24 * hour)) * 24 * hour - JST_OFFSET_MS;
  const start = todayJst - (o.days - 1) * 24 * hour;
  const hits: Hit[] = [];
  const site = `https://${o.domain}`;
  const add = (
    t: number,
    ip: string,
    method: string,
    uri: string,
    status: number,
    bytes: number,
    referer: string,
    agent: string,
  ): void => {
    if (t < start || t > nowMs) return;
    hits.push({
      t,
      line: `${o.domain} ${ip} - - [${jstStamp(t)}] "${method} ${uri} HTTP/1.1" ${status} ${status === 304 || bytes === 0 ? '-' : bytes} "${referer}" "${agent}"`,
    });
  };
  // A moment some hours back, off the whole second, as real requests are.
  const ago = (hours: number): number => nowMs - hours * hour + Math.floor(rnd() * 40_000) - 20_000;
  const redirectFrom = nowMs - 67 * hour; // .htaccess redirect planted
  const disabledAt = nowMs - 3 * hour; // host set l.php to 000

  // Ordinary visitors and crawlers.
  for (let t = start; t < nowMs; t += (20 + rnd() * 90) * 1000) {
    const local = new Date(t + JST_OFFSET_MS).getUTCHours();
    if ((local < 7 || local > 23) && rnd() < 0.7) continue; // quieter at night
    const visitor = `192.0.2.${10 + Math.floor(rnd() * 200)}`;
    if (rnd() < 0.15) {
      add(
        t,
        `203.0.113.${Math.floor(rnd() * 8) + 240}`,
        'GET',
        pick(PAGES),
        200,
        18000 + Math.floor(rnd() * 9000),
        '-',
        pick(CRAWLERS),
      );
      continue;
    }
    const fromSearch = rnd() < 0.3;
    const referer = fromSearch
      ? pick(['https://www.google.com/', 'https://search.yahoo.co.jp/', 'https://www.bing.com/'])
      : rnd() < 0.5
        ? `${site}/`
        : '-';
    const page = pick(PAGES);
    if (fromSearch && t >= redirectFrom) {
      add(t, visitor, 'GET', page, 302, 0, referer, pick(BROWSERS));
      continue;
    }
    const agent = pick(BROWSERS);
    add(t, visitor, 'GET', page, 200, 18000 + Math.floor(rnd() * 9000), referer, agent);
    for (const asset of ASSETS)
      if (rnd() < 0.35)
        add(
          t + 400,
          visitor,
          'GET',
          asset,
          rnd() < 0.3 ? 304 : 200,
          2000 + Math.floor(rnd() * 40000),
          `${site}${page}`,
          agent,
        );
    if (page === '/?page_id=41' && rnd() < 0.2)
      add(
        t + 60000,
        visitor,
        'POST',
        '/wp-admin/admin-post.php',
        302,
        0,
        `${site}/?page_id=41`,
        agent,
      );
  }
  // The owner logging in once a day.
  for (let d = 0; d < o.days; d++) {
    const t = start + d * 24 * hour + 10 * hour + Math.floor(rnd() * 3600) * 1000;
    const owner = '192.0.2.45';
    add(t, owner, 'GET', '/wp-login.php', 200, 6120, '-', BROWSERS[0] as string);
    add(
      t + 9000,
      owner,
      'POST',
      '/wp-login.php',
      302,
      0,
      `${site}/wp-login.php`,
      BROWSERS[0] as string,
    );
    add(
      t + 11000,
      owner,
      'GET',
      '/wp-admin/',
      200,
      61234,
      `${site}/wp-login.php`,
      BROWSERS[0] as string,
    );
  }
  // Password guessing from abroad: wp-login.php (failed logins answer 200) and xmlrpc.php multicall.
  const bruteIps = ['198.51.100.23', '198.51.100.87', '203.0.113.201'];
  for (let i = 0, t = nowMs - 80 * hour; t < nowMs - 74 * hour; i++, t += (8 + rnd() * 25) * 1000) {
    const ip = bruteIps[i % bruteIps.length] as string;
    if (i % 12 === 0)
      add(t - 1000, ip, 'GET', '/wp-login.php', 200, 6120, '-', ATTACK_AGENTS[i % 2] as string);
    add(
      t,
      ip,
      'POST',
      '/wp-login.php',
      200,
      6489,
      `${site}/wp-login.php`,
      ATTACK_AGENTS[i % 2] as string,
    );
    if (i % 5 === 0)
      add(
        t + 2000,
        ip,
        'POST',
        '/xmlrpc.php',
        200,
        403 + Math.floor(rnd() * 40),
        '-',
        ATTACK_AGENTS[2] as string,
      );
  }
  add(
    ago(80.5),
    '198.51.100.23',
    'GET',
    '/wp-json/wp/v2/users',
    200,
    1127,
    '-',
    ATTACK_AGENTS[2] as string,
  );
  add(ago(80.4), '198.51.100.23', 'GET', '/?author=1', 301, 0, '-', ATTACK_AGENTS[2] as string);
  // The way in: the contact form's unauthenticated upload, then the uploader shell.
  const attacker = '203.0.113.77';
  add(
    ago(72.4),
    attacker,
    'GET',
    '/wp-content/plugins/contact-form-lite/readme.txt',
    200,
    1154,
    '-',
    ATTACK_AGENTS[2] as string,
  );
  add(
    ago(72.2),
    attacker,
    'POST',
    '/wp-admin/admin-ajax.php',
    200,
    98,
    '-',
    ATTACK_AGENTS[2] as string,
  );
  add(
    ago(72),
    attacker,
    'GET',
    '/wp-content/uploads/2026/11/wp-update.php?t=a91c',
    200,
    512,
    '-',
    ATTACK_AGENTS[0] as string,
  );
  add(
    ago(71.9),
    attacker,
    'POST',
    '/wp-content/uploads/2026/11/wp-update.php?t=a91c',
    200,
    590,
    `${site}/wp-content/uploads/2026/11/wp-update.php?t=a91c`,
    ATTACK_AGENTS[0] as string,
  );
  add(
    ago(70.1),
    attacker,
    'POST',
    '/wp-content/uploads/2026/11/wp-update.php?t=a91c',
    200,
    571,
    `${site}/wp-content/uploads/2026/11/wp-update.php?t=a91c`,
    ATTACK_AGENTS[0] as string,
  );
  // The dropper at work, from many addresses, until the host disabled it.
  const botIps = [
    '203.0.113.77',
    '198.51.100.140',
    '198.51.100.141',
    '203.0.113.5',
    '203.0.113.166',
    '198.51.100.9',
  ];
  for (let t = nowMs - 70 * hour; t < nowMs; t += (60 + rnd() * 420) * 1000) {
    const ip = pick(botIps);
    add(
      t,
      ip,
      'POST',
      '/l.php',
      t < disabledAt ? 200 : 403,
      t < disabledAt ? 2 + Math.floor(rnd() * 80) : 199,
      '-',
      pick(ATTACK_AGENTS),
    );
  }
  add(
    ago(68.05),
    attacker,
    'GET',
    '/wp-includes/load.php',
    200,
    0,
    '-',
    ATTACK_AGENTS[2] as string,
  );

  hits.sort((a, b) => a.t - b.t);
  const byDay = new Map<string, string[]>();
  for (let d = 0; d < o.days; d++) byDay.set(ymdJst(start + d * 24 * hour), []);
  for (const h of hits) byDay.get(ymdJst(h.t))?.push(h.line);
  return [...byDay].map(([ymd, lines]) => ({ ymd, lines }));
}

function jstStamp(t: number): string {
  const d = new Date(t + JST_OFFSET_MS);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0900`;
}

function ymdJst(t: number): string {
  const d = new Date(t + JST_OFFSET_MS);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
