// The `kutip audit --format html` report in a real browser: Debian's chromium, headless,
// driven by playwright-core (which never downloads a browser of its own).
//
// Run by scripts/ci-browser.sh, which builds the corpus (the seeds, the audit fixtures and a
// file of injected markup) and the two reports. After one run of it, by hand:
//
//   node --test tests/browser/audit.test.mjs
//
// (on other reports every test but the injection one, which looks for that file's markup, holds)
//
// Environment: KUTIP_AUDIT_HTML and KUTIP_AUDIT_JSON (default target/browser/audit.{html,json}),
// CHROMIUM (default /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HTML = resolve(process.env.KUTIP_AUDIT_HTML ?? `${ROOT}/target/browser/audit.html`);
const JSON_PATH = resolve(process.env.KUTIP_AUDIT_JSON ?? `${ROOT}/target/browser/audit.json`);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const URL = pathToFileURL(HTML).href;
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };

let browser;
let audit;

/** A fresh page on the report that records what a reader would never want to see. */
async function open(t, { viewport = LAPTOP, mobile = false } = {}) {
  const context = await browser.newContext({
    viewport,
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: mobile ? 3 : 1,
    javaScriptEnabled: true,
  });
  const page = await context.newPage();
  const seen = { dialogs: [], errors: [], console: [], requests: [] };
  page.on('dialog', async (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.console.push(m.text());
  });
  page.on('request', (r) => seen.requests.push(r.url()));
  t.after(() => context.close());
  await page.goto(URL, { waitUntil: 'load' });
  // Give any injected handler (an <img onerror>, a timer) the chance to run, were it live.
  await page.waitForTimeout(300);
  return { page, seen };
}

/** What the filter left on the page: marks, documents, rows and the label. */
function pageState(page) {
  return page.evaluate(() => ({
    marks: [...document.querySelectorAll('mark')].map((m) => ({
      speaker: m.dataset.speaker,
      dim: m.classList.contains('dim'),
      visible: m.getClientRects().length > 0,
    })),
    docs: [...document.querySelectorAll('section.doc')].map((d) => ({
      hidden: d.classList.contains('hidden'),
      displayed: getComputedStyle(d).display !== 'none',
      speakers: [...new Set([...d.querySelectorAll('mark')].map((m) => m.dataset.speaker))],
    })),
    active: [...document.querySelectorAll('tr.speaker.active')].map((r) => r.dataset.speaker),
    label: document.getElementById('filter').textContent,
  }));
}

async function assertFilteredTo(page, id, name) {
  const s = await pageState(page);
  assert.deepEqual(s.active, [id], 'exactly the clicked row is marked active');
  const mine = s.marks.filter((m) => m.speaker === id);
  assert.ok(mine.length > 0, `${id} has highlighted quotes`);
  assert.ok(mine.every((m) => !m.dim && m.visible), `every quote of ${name} stays highlighted and visible`);
  const others = s.marks.filter((m) => m.speaker !== id);
  assert.ok(others.every((m) => m.dim), 'every other quote is dimmed');
  for (const d of s.docs) {
    const has = d.speakers.includes(id);
    assert.equal(d.hidden, !has, `a document ${has ? 'with' : 'without'} ${name} is ${has ? 'shown' : 'hidden'}`);
    assert.equal(d.displayed, has, 'the hidden class really hides the document');
  }
  assert.match(s.label, new RegExp(`Showing quotes of ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return s;
}

async function assertUnfiltered(page) {
  const s = await pageState(page);
  assert.deepEqual(s.active, [], 'no row is active');
  assert.ok(s.marks.every((m) => !m.dim), 'no quote is dimmed');
  assert.ok(s.docs.every((d) => !d.hidden && d.displayed), 'every document is shown');
  assert.equal(s.label, '');
}

describe('kutip audit HTML report in headless chromium', () => {
  before(async () => {
    assert.ok(existsSync(HTML), `${HTML} is missing (run scripts/ci-browser.sh)`);
    assert.ok(existsSync(JSON_PATH), `${JSON_PATH} is missing (run scripts/ci-browser.sh)`);
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`);
    audit = JSON.parse(readFileSync(JSON_PATH, 'utf8'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(() => browser?.close());

  test('highlighted quotes and speakers equal the JSON audit', async (t) => {
    const { page } = await open(t);
    const dom = await page.evaluate(() => {
      const totals = document.getElementById('totals').dataset;
      return {
        totals: { documents: +totals.documents, quotes: +totals.quotes, speakers: +totals.speakers },
        marks: document.querySelectorAll('mark').length,
        byMark: [...document.querySelectorAll('mark')].reduce((acc, m) => {
          acc[m.dataset.speaker] = (acc[m.dataset.speaker] ?? 0) + 1;
          return acc;
        }, {}),
        rows: [...document.querySelectorAll('tr.speaker')].map((r) => ({
          id: r.dataset.speaker,
          name: r.dataset.name,
          quotes: +r.cells[1].textContent,
        })),
        docs: document.querySelectorAll('section.doc').length,
      };
    });
    const { totals, speakers } = audit;
    assert.ok(totals.quotes > 0 && totals.speakers > 0, 'the corpus has quotes and speakers');
    assert.equal(dom.marks, totals.quotes, 'mark elements == totals.quotes');
    assert.equal(dom.rows.length, totals.speakers, 'tr.speaker rows == totals.speakers');
    assert.deepEqual(dom.totals, {
      documents: totals.documents,
      quotes: totals.quotes,
      speakers: totals.speakers,
    });
    assert.equal(dom.docs, totals.documents, 'every document is shown (fewer than --html-documents)');
    assert.equal(dom.byMark.unresolved ?? 0, totals.unresolved_quotes, 'unresolved marks');
    // Row by row: the same speakers in the same order, each with as many marks as quotes.
    assert.deepEqual(
      dom.rows.map((r) => [r.name, r.quotes]),
      speakers.map((s) => [s.speaker, s.quotes]),
    );
    dom.rows.forEach((r, i) => {
      assert.equal(r.id, `s${i}`);
      assert.equal(dom.byMark[r.id] ?? 0, speakers[i].quotes, `marks of ${r.name}`);
    });
    const known = new Set(['unresolved', ...dom.rows.map((r) => r.id)]);
    assert.deepEqual(Object.keys(dom.byMark).filter((k) => !known.has(k)), [], 'every mark names a row');
  });

  test('markup injected in the input is shown as text and never runs', async (t) => {
    const { page, seen } = await open(t);
    const frames = page.frames().length;
    const r = await page.evaluate(() => ({
      pwned: typeof window.__pwned,
      scripts: document.scripts.length,
      injected: document.querySelectorAll('main img, main svg, main iframe, main b, main textarea, main title').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`),
      ),
      text: document.querySelector('main').textContent,
      marked: [...document.querySelectorAll('mark')].map((m) => m.textContent),
      headings: [...document.querySelectorAll('section.doc h3')].map((h) => h.textContent),
    }));
    assert.equal(r.pwned, 'undefined', 'window.__pwned was never set');
    assert.deepEqual(seen.dialogs, [], 'no alert, confirm or prompt');
    assert.equal(frames, 1, 'no iframe was created');
    assert.equal(r.scripts, 1, "the page's own script is the only script element");
    assert.equal(r.injected, 0, 'no element from the input was parsed');
    assert.deepEqual(r.handlers, [], 'no inline event handler anywhere');
    assert.deepEqual(seen.errors, [], 'no script error');
    assert.deepEqual(seen.requests, [URL], 'the page loads nothing but itself');
    // The corpus from scripts/ci-browser.sh: the markup survives as visible text.
    assert.ok(r.text.includes('<script>window.__pwned=1</script>'), 'a script outside quotes is text');
    assert.ok(r.marked.some((m) => m.includes('<img src=x onerror=window.__pwned=2>')), 'an img inside a quote is text');
    assert.ok(r.marked.some((m) => m.includes('<script>window.__pwned=3')), 'a script inside a quote is text');
    assert.ok(r.headings.some((h) => h.includes('<img')), 'a file name with markup is text');
  });

  test('clicking a speaker shows only their quotes, clicking again shows all', async (t) => {
    const { page, seen } = await open(t);
    await assertUnfiltered(page);
    const first = audit.speakers[0];
    await page.click('tr.speaker[data-speaker="s0"]');
    const s = await assertFilteredTo(page, 's0', first.speaker);
    assert.equal(s.marks.filter((m) => !m.dim).length, first.quotes, 'undimmed marks == its JSON quotes');
    await page.click('tr.speaker[data-speaker="s0"]');
    await assertUnfiltered(page);

    // The speaker quoted in the most documents, so that more than one document stays.
    const i = audit.speakers.reduce((best, sp, j) => (sp.documents > audit.speakers[best].documents ? j : best), 0);
    const wide = audit.speakers[i];
    assert.ok(wide.documents > 1, 'the corpus has a speaker quoted in several documents');
    await page.click(`tr.speaker[data-speaker="s${i}"]`);
    const w = await assertFilteredTo(page, `s${i}`, wide.speaker);
    assert.ok(w.docs.filter((d) => !d.hidden).length > 1, 'several documents stay');
    // Another row switches the filter straight to that speaker.
    await page.click('tr.speaker[data-speaker="s0"]');
    await assertFilteredTo(page, 's0', first.speaker);
    await page.click('tr.speaker[data-speaker="s0"]');
    await assertUnfiltered(page);
    assert.deepEqual(seen.errors, []);
  });

  test('clicking a sortable header reorders the rows', async (t) => {
    const { page, seen } = await open(t);
    const rows = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('#speakers tbody tr.speaker')].map((r) => ({
          id: r.dataset.speaker,
          key: r.cells[0].textContent,
          docs: +r.cells[6].textContent,
        })),
      );
    const ordered = (keys, dir) =>
      page.evaluate(
        ([k, d]) => k.every((x, i) => i === 0 || d * k[i - 1].localeCompare(x) <= 0),
        [keys, dir],
      );
    const initial = await rows();
    assert.deepEqual(
      initial.map((r) => r.id),
      initial.map((_, i) => `s${i}`),
      'rows start in JSON order (most quoted first)',
    );
    const sameRows = (r) => assert.deepEqual(r.map((x) => x.id).sort(), initial.map((x) => x.id).sort());

    await page.click('#speakers th:has-text("Speaker")');
    const byName = await rows();
    sameRows(byName);
    assert.notDeepEqual(byName.map((r) => r.id), initial.map((r) => r.id), 'the order changed');
    assert.ok(await ordered(byName.map((r) => r.key), 1), 'speakers A to Z');
    await page.click('#speakers th:has-text("Speaker")');
    const byNameDown = await rows();
    sameRows(byNameDown);
    assert.ok(await ordered(byNameDown.map((r) => r.key), -1), 'a second click: Z to A');

    await page.click('#speakers th:has-text("Docs")');
    const byDocs = await rows();
    sameRows(byDocs);
    assert.ok(byDocs.every((r, i) => i === 0 || byDocs[i - 1].docs >= r.docs), 'most documents first');
    assert.notDeepEqual(byDocs.map((r) => r.id), byNameDown.map((r) => r.id));
    await page.click('#speakers th:has-text("Docs")');
    const byDocsUp = await rows();
    assert.ok(byDocsUp.every((r, i) => i === 0 || byDocsUp[i - 1].docs <= r.docs), 'a second click: fewest first');

    // Rows still filter after sorting.
    const id = byDocsUp[0].id;
    await page.click(`tr.speaker[data-speaker="${id}"]`);
    await assertFilteredTo(page, id, audit.speakers[+id.slice(1)].speaker);
    assert.deepEqual(seen.errors, []);
  });

  for (const [label, viewport, mobile] of [
    ['a 390px phone', PHONE, true],
    ['a 1366px laptop', LAPTOP, false],
  ]) {
    test(`nothing overflows horizontally on ${label}`, async (t) => {
      const { page } = await open(t, { viewport, mobile });
      const measure = () =>
        page.evaluate((limit) => {
          const width = window.innerWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > limit + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''} right=${Math.round(e.getBoundingClientRect().right)}`);
          const font = (sel) => {
            const e = document.querySelector(sel);
            return e ? parseFloat(getComputedStyle(e).fontSize) : null;
          };
          return {
            width,
            scrollWidth: document.documentElement.scrollWidth,
            wide,
            fonts: { body: font('body'), cell: font('#speakers td'), doc: font('section.doc') },
          };
        }, viewport.width);
      const m = await measure();
      // A phone shrinks a page wider than the device to fit, so a wider innerWidth is overflow too.
      assert.equal(
        m.width,
        viewport.width,
        `laid out ${m.width}px wide on a ${viewport.width}px screen (scrollWidth ${m.scrollWidth}); too wide: ${m.wide.join(', ')}`,
      );
      assert.ok(
        m.scrollWidth <= m.width + 1,
        `scrollWidth ${m.scrollWidth} > innerWidth ${m.width}; too wide: ${m.wide.join(', ')}`,
      );
      for (const [what, px] of Object.entries(m.fonts)) {
        assert.ok(px !== null && px >= 12, `${what} text is readable (${px}px)`);
      }
      // Filtered, the page must still fit (the label line is added above the table).
      await page.click('tr.speaker[data-speaker="s0"]');
      const f = await measure();
      assert.ok(f.scrollWidth <= f.width + 1, `filtered: scrollWidth ${f.scrollWidth} > ${f.width}: ${f.wide.join(', ')}`);
    });
  }
});
