import { describe, expect, it } from 'vitest';
import { misspelledRole, roleKey } from './role-names.js';

describe('role names spelled in several ways', () => {
  it('gives one key to case, accent, filler-word and gendered variants', () => {
    expect(roleKey('QA engineer')).toBe(roleKey('QA Engineer'));
    expect(roleKey('Desarrolladora Frontend')).toBe(roleKey('Desarrollador Frontend'));
    expect(roleKey('Ingeniero de QA')).toBe(roleKey('Ingeniero QA'));
    expect(roleKey('Devops')).toBe(roleKey('DevOps'));
    expect(roleKey('Entwicklerin')).toBe(roleKey('Entwickler'));
    expect(roleKey('Build Engineers')).toBe(roleKey('Build Engineer'));
  });

  it('keeps different roles apart', () => {
    expect(roleKey('Backend Engineer')).not.toBe(roleKey('Frontend Engineer'));
    expect(roleKey('Web Core')).not.toBe(roleKey('Web Cores Team'));
    expect(roleKey('SRE')).not.toBe(roleKey('QA'));
  });

  it('reads a one-letter typo as the role it misspells, and only when one role is that close', () => {
    expect(misspelledRole(roleKey('Platfrom'), [roleKey('Platform'), roleKey('QA')])).toBe(roleKey('Platform'));
    expect(misspelledRole(roleKey('Plattform'), [roleKey('Platform')])).toBe(roleKey('Platform'));
    expect(misspelledRole(roleKey('Designer'), [roleKey('Designers Team')])).toBeUndefined();
    expect(misspelledRole(roleKey('SRE'), [roleKey('SRA')])).toBeUndefined();
  });
});
