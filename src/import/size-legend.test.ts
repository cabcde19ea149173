import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sizeLegendIn } from './size-legend.js';

const H = 3600;
const DAY = 8 * H;

const entries = (text: string): [string, number, string, number][] | undefined => {
  const legend = sizeLegendIn(text);
  return legend === undefined ? undefined : [...legend].map(([code, e]) => [code, e.seconds, e.text, e.line]);
};

describe('T-shirt size legends', () => {
  it('reads the legend of the tracking issue (unseen3/gh-epic.md, line 26), a range at its upper bound', () => {
    const text = readFileSync(new URL('../../test/fixtures/import/unseen3/gh-epic.md', import.meta.url), 'utf8');
    expect(entries(text)).toEqual([
      ['S', 4 * H, 'S = half a day', 26],
      ['M', 2 * DAY, 'M = 1–2 days', 26],
      ['L', 5 * DAY, 'L = 3–5 days', 26],
    ]);
  });

  it('reads sizes separated by dots, with a half written as ½', () => {
    expect(entries('S = ½ day · M = 1–2 days · L = 3–5 days')).toEqual([
      ['S', 4 * H, 'S = ½ day', 1],
      ['M', 2 * DAY, 'M = 1–2 days', 1],
      ['L', 5 * DAY, 'L = 3–5 days', 1],
    ]);
  });

  it('reads sizes written without a link word, XS included', () => {
    expect(entries('Intro\n\nSizes: XS 1h, S 4h, M 1d, L 3d')).toEqual([
      ['XS', H, 'XS = 1h', 3],
      ['S', 4 * H, 'S = 4h', 3],
      ['M', DAY, 'M = 1d', 3],
      ['L', 3 * DAY, 'L = 3d', 3],
    ]);
  });

  it('reads a table or a list with one size a row', () => {
    expect(entries('| Size | Effort |\n|---|---|\n| S | ½ day |\n| M | 1-2 days |\n| XL | 2 weeks |\n\nText.')).toEqual([
      ['S', 4 * H, 'S = ½ day', 3],
      ['M', 2 * DAY, 'M = 1-2 days', 4],
      ['XL', 10 * DAY, 'XL = 2 weeks', 5],
    ]);
    expect(entries('## Sizes\n\n- **S**: 2h\n- **M**: 1 day\n')?.map(([code, seconds]) => [code, seconds])).toEqual([
      ['S', 2 * H],
      ['M', DAY],
    ]);
  });

  it('takes the first legend of the document', () => {
    expect(entries('S = 2h, M = 1d\n\nS = 4h, M = 2d')?.map(([code, seconds]) => [code, seconds])).toEqual([
      ['S', 2 * H],
      ['M', DAY],
    ]);
  });

  it('finds none in a document that defines no sizes', () => {
    expect(sizeLegendIn('- [ ] #421 Limits page (@marta) `M` — blocked by #416\n- [ ] #423 Docs (@kofi) `S`')).toBeUndefined();
    expect(sizeLegendIn('| # | Task | Size | Estimate |\n|---|---|---|---|\n| 1 | Build | M | 2d |\n| 2 | Test | S | 4h |')).toBeUndefined();
    expect(sizeLegendIn('Only one: M = 2 days.')).toBeUndefined();
    expect(sizeLegendIn('Deploy to S3 in 2h, then L4 checks for 1d.')).toBeUndefined();
  });

  it('does not read lower-case letters as sizes', () => {
    expect(sizeLegendIn('s = 4h, m = 1d')).toBeUndefined();
  });
});
