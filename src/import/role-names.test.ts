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
    expect(roleKey('Consultora')).toBe(roleKey('Consultor'));
    expect(roleKey('Arquitecta')).toBe(roleKey('Arquitecto'));
    expect(roleKey('Traductora')).toBe(roleKey('Traductor'));
  });

  it('keeps different roles apart', () => {
    expect(roleKey('Backend Engineer')).not.toBe(roleKey('Frontend Engineer'));
    expect(roleKey('Web Core')).not.toBe(roleKey('Web Cores Team'));
    expect(roleKey('SRE')).not.toBe(roleKey('QA'));
  });

  it('gives one key to the masculine, feminine and inclusive French spellings of a role', () => {
    // unseen3/fr-sso lines 12-15, 26, 53, 59, 129
    const spellings = [
      ["Ingénieur·e d'exploitation", "Ingénieur d'exploitation", "Ingénieure d'exploitation", 'Ingénieur.e d’exploitation', "Ingénieur(e) d'exploitation", 'Ingénieur exploitation'],
      ['Développeur·se front', 'Développeuse front', 'Développeur front', 'Developpeur front', 'Développeur(se) front', 'Développeur·euse·s front'],
      ['Développeur·se back-end', 'Developpeur back-end', 'Développeuse back-end'],
      ['Recetteur·se', 'Recetteuse', 'Recetteur', 'Recetteurs', 'Recetteuses'],
      ['Directrice technique', 'Directeur technique', 'Directeur·rice technique', 'Directeur(rice) technique'],
      ['Conseillère sécurité', 'Conseiller sécurité', 'Conseiller·ère sécurité'],
      ['Technicienne réseau', 'Technicien réseau'],
    ];
    for (const [first, ...others] of spellings) {
      for (const other of others) expect(roleKey(other), other).toBe(roleKey(first ?? ''));
    }
    expect(roleKey("Ingénieur·e d'exploitation")).toBe('ingenieur exploitation');
  });

  it('keeps different French roles apart', () => {
    expect(roleKey('Développeur·se front')).not.toBe(roleKey('Développeur·se back-end'));
    expect(roleKey("Ingénieur d'exploitation")).not.toBe(roleKey('Ingénieur sécurité'));
    expect(roleKey('Directrice technique')).not.toBe(roleKey('Directeur commercial'));
    expect(roleKey('Recetteuse')).not.toBe(roleKey('Responsable recette'));
    expect(roleKey('Chef de projet')).not.toBe(roleKey('Chef de produit'));
    expect(roleKey('Architecte sécurité')).not.toBe(roleKey('Architecte'));
    expect(roleKey('Développeuse')).not.toBe(roleKey('Développeur front'));
  });

  it('leaves dots, parentheses and apostrophes that are no inclusive ending or elision alone', () => {
    expect(roleKey('Node.js Engineer')).toBe('node js engineer');
    expect(roleKey('Engineer (Backend)')).toBe('engineer backend');
    expect(roleKey('Engineer(s)')).toBe(roleKey('Engineer'));
    expect(roleKey("O'Brien")).toBe('o brien');
  });

  it('reads a one-letter typo as the role it misspells, and only when one role is that close', () => {
    expect(misspelledRole(roleKey('Platfrom'), [roleKey('Platform'), roleKey('QA')])).toBe(roleKey('Platform'));
    expect(misspelledRole(roleKey('Plattform'), [roleKey('Platform')])).toBe(roleKey('Platform'));
    expect(misspelledRole(roleKey('Designer'), [roleKey('Designers Team')])).toBeUndefined();
    expect(misspelledRole(roleKey('SRE'), [roleKey('SRA')])).toBeUndefined();
  });
});
