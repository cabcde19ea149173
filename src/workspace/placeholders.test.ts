import { describe, expect, it } from 'vitest';
import { expandPlaceholders, PLACEHOLDERS, placeholdersIn, unknownPlaceholders } from './placeholders.js';

describe('placeholders in env values', () => {
  it('knows the values baton fills in', () => {
    expect(PLACEHOLDERS).toEqual(['workspace', 'run', 'action', 'agent', 'port']);
  });

  it('replaces each known placeholder, spaces inside the braces allowed', () => {
    const values = { workspace: '/w', run: 'r', action: 'a', agent: 'dev', port: '3001' };
    expect(expandPlaceholders('{{workspace}}/target:{{ port }}:{{run}}-{{action}}-{{  agent }}', values)).toBe('/w/target:3001:r-a-dev');
  });

  it('leaves unknown placeholders and ones without a value as written', () => {
    expect(expandPlaceholders('{{ port }} {{home}} {{workspace}}', { workspace: '/w' })).toBe('{{ port }} {{home}} /w');
  });

  it('lists the placeholders a value uses, and the unknown ones for validation', () => {
    expect(placeholdersIn('{{port}}:{{ port }} {{worksapce}}')).toEqual(['port', 'worksapce']);
    expect(unknownPlaceholders('{{port}} {{worksapce}} {{}}')).toEqual(['worksapce', '']);
    expect(unknownPlaceholders('no placeholders')).toEqual([]);
  });
});
