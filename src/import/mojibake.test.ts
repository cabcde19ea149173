import { describe, expect, it } from 'vitest';
import { repairMojibake } from './mojibake.js';

describe('repairing mojibake', () => {
  it('restores a check mark read as cp1252', () => {
    // seeds/002 line 3
    const repair = repairMojibake('**Status**: âœ… **COMPLETE & READY FOR EXECUTION**');
    expect(repair.text).toBe('**Status**: ✅ **COMPLETE & READY FOR EXECUTION**');
    expect(repair.repaired).toBe(1);
  });

  it('restores box-drawing characters, arrows and comparison signs', () => {
    // seeds/002 lines 21, 75 and 245
    expect(repairMojibake('â”œâ”€ Executive Summary').text).toBe('├─ Executive Summary');
    expect(repairMojibake('orchestrator approval â†’ Phase 1').text).toBe('orchestrator approval → Phase 1');
    expect(repairMojibake('First build: 120s â†’ â‰¤15s').text).toBe('First build: 120s → ≤15s');
  });

  it('restores four-byte emoji whose bytes include cp1252 punctuation', () => {
    // seeds/000 line 3 (📌 = F0 9F 93 8C: 0x93 is “ and 0x8C is Œ in cp1252) and seeds/002 line 498
    expect(repairMojibake('> **ðŸ“Œ HISTORICAL DOCUMENT**').text).toBe('> **📌 HISTORICAL DOCUMENT**');
    expect(repairMojibake('**Status**: ðŸŸ¢ READY').text).toBe('**Status**: 🟢 READY');
  });

  it('restores CJK text next to ASCII punctuation', () => {
    // seeds/000 line 135
    expect(repairMojibake("Completion status,æ˜Žå¤©' priorities").text).toBe("Completion status,明天' priorities");
  });

  it('restores two-byte sequences such as ± and □ and a right single quote', () => {
    // seeds/002 lines 274 and 366
    expect(repairMojibake('| Â±5% variance |').text).toBe('| ±5% variance |');
    expect(repairMojibake('- â–¡ Specification closure gate PASSED').text).toBe('- □ Specification closure gate PASSED');
    expect(repairMojibake('don â€™t').text).toBe('don ’t');
  });

  it('reads the five bytes cp1252 leaves undefined as the C1 controls Latin-1 gives them', () => {
    // Á is C3 81; a Latin-1 (or Windows) decoder turns 0x81 into U+0081.
    expect(repairMojibake('\u00c3\u0081rbol').text).toBe('Árbol');
    expect(repairMojibake('Ã\u00a0 la carte').text).toBe('à la carte');
  });

  it('leaves genuine accented text untouched', () => {
    for (const text of ['Übersicht', 'Straße', 'café au lait', 'naïve — résumé', 'Größe: 5 µm', 'groß“ sagte sie', 'CAFÉ”']) {
      expect(repairMojibake(text)).toEqual({ text, repaired: 0, lines: [] });
    }
  });

  it('repairs a lone two-byte sequence only in a text that is mangled elsewhere too', () => {
    expect(repairMojibake('ÐŸ').text).toBe('ÐŸ');
    expect(repairMojibake('ÐŸ and âœ…').text).toBe('П and ✅');
  });

  it('keeps line breaks, so lines still match the file, and names the lines it changed', () => {
    const repair = repairMojibake('# Title\nclean\nâœ… done\nÃ¼ber');
    expect(repair.text.split('\n')).toHaveLength(4);
    expect(repair.lines).toEqual([3, 4]);
    expect(repair.repaired).toBe(2);
  });

  it('leaves text with genuine emoji and no mojibake as it is', () => {
    // seeds/004 line 1
    expect(repairMojibake('# 🤖 Parallel Agent Execution Guide').repaired).toBe(0);
  });

  it('drops the lost emoji of a lossy copy, one U+FFFD for each character cut short', () => {
    // unseen/messy line 13: 🔐 is F0 9F 94 90 and the copy dropped the 0x90; line 3 makes the document confident.
    const repair = repairMojibake('# Plan\n**Status**: âœ… Approved\n## 1. ðŸ” Discovery (Security Analyst)');
    expect(repair.text).toBe('# Plan\n**Status**: ✅ Approved\n## 1. \uFFFD Discovery (Security Analyst)');
    expect(repair).toMatchObject({ repaired: 1, lines: [2], lost: { count: 1, lines: [3] } });
  });

  it('drops a four-byte emoji and its variation selector that both lost a byte', () => {
    // unseen/messy line 22: 🏗️ is F0 9F 8F 97 EF B8 8F; without the two 0x8F bytes, F0 9F 97 then EF B8 remain.
    const repair = repairMojibake('âœ… ok\n## 1.2 ðŸ—ï¸ Keycloak Integration');
    expect(repair.text).toBe('✅ ok\n## 1.2 \uFFFD\uFFFD Keycloak Integration');
    expect(repair.lost).toEqual({ count: 2, lines: [2] });
  });

  it('drops a character cut short at the end of a run or of the text', () => {
    // ” is E2 80 9D, and cp1252 leaves 0x9D undefined: “hi” arrives as â€œhiâ€ once the 0x9D is gone.
    expect(repairMojibake('He said â€œhiâ€.').text).toBe('He said “hi\uFFFD.');
    expect(repairMojibake('âœ… done ðŸ”').text).toBe('✅ done \uFFFD');
    expect(repairMojibake('âœ… done ðŸ').text).toBe('✅ done \uFFFD');
  });

  it('leaves accented letters followed by punctuation alone, even in a mangled document', () => {
    for (const text of ['café” et déjà…', 'voilà\u00a0!', 'die Universität“ sagt', 'Straße – Übersicht', 'það”']) {
      const repair = repairMojibake(`âœ… ${text}`);
      expect(repair.text, text).toBe(`✅ ${text}`);
      expect(repair.lost, text).toBeUndefined();
    }
  });

  it('keeps a remnant that no undefined byte could complete to a character', () => {
    // F4 80 could only end in private use, F1 80 80 only in an unassigned plane.
    expect(repairMojibake('âœ… ô€ and ñ€€').text).toBe('✅ ô€ and ñ€€');
  });

  it('leaves what looks cut short in a document with no other mojibake as it is', () => {
    for (const text of ['## 1. ðŸ” Discovery', 'viðŸ', 'Þetta er ðŸ—']) {
      expect(repairMojibake(text).lost, text).toBeUndefined();
    }
    expect(repairMojibake('## 1. ðŸ” Discovery')).toEqual({ text: '## 1. ðŸ” Discovery', repaired: 0, lines: [] });
  });

  it('keeps every line where it was when it drops lost characters', () => {
    const text = 'âœ… a\nb\nðŸ” c\nd\nðŸ—ï¸ e\n';
    const repair = repairMojibake(text);
    expect(repair.text.split('\n')).toHaveLength(text.split('\n').length);
    expect(repair.lost?.lines).toEqual([3, 5]);
  });
});
